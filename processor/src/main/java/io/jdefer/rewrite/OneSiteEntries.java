package io.jdefer.rewrite;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The frame's protocol for a method with one frame site (SPEC C4; docs/frames.md), whatever it
 * captures: the site is known, so an entry is its captured values alone, without a site id or a
 * dispatch, and one count of entries in a local says where every value is. A site that captures
 * {@code r} references and {@code p} primitives (not counting {@code this}, which the call loads
 * again) keeps entry {@code e} at {@code refs[e * r + i]} and {@code prims[e * p + j]}. A site
 * that stores nothing ({@code defer(this::flush)} in a loop) needs only the count, never a frame.
 *
 * <p>While no frame is held, the first {@value #IN_LOCALS} entries stay in locals of the method, a
 * shift register whose local 0 is the newest (D32): a call that registers at most that many borrows
 * no frame. The next registration borrows and goes on in the stacks, the locals keeping the oldest
 * entries, so the stacks' entries are all newer; once a call has borrowed, the prologue borrows
 * (D24), and every entry goes to the stacks from the first.
 *
 * <p>Until the frame is borrowed the stacks are the runtime's zero-length {@code DeferFrame.NO_REFS}
 * and {@code NO_PRIMS}, so a registration's common path is one room test per stack and the stores:
 * no test of the frame or of the locals. When a test fails, the entry goes to the locals if no frame
 * is held and they have room; else the frame is borrowed if none is held and asked for stacks with
 * room ({@code refStack(int)}, which grows them), with no loop in the method. A registration makes
 * room in every stack before it stores, and counts the entry after its stores: one cut short (an
 * error while a stack grows) registers nothing.
 *
 * <p>Over 300 lines for one job: the prologue, the registration and the epilogue all follow the
 * one layout of entries (locals, then stacks, and their index arithmetic), which this class keeps
 * in one place.
 */
final class OneSiteEntries {
    private static final Type REFS = Type.getType("[Ljava/lang/Object;");
    private static final Type PRIMS = Type.getType("[J");
    /** Entries kept in locals while no frame is held: a call of up to this many borrows nothing (D32). */
    static final int IN_LOCALS = 4;

    private final MethodLowering lowering;
    private final ActionSite site;
    private final List<Type> captures;
    private final boolean[] isThis;
    private final int frame;
    private final BiFunction<Type, Integer, Integer> temps;
    /** Per capture, its place in its entry's references or primitives; the entry's counts of each. */
    private final int[] offsets;
    private final int refs;
    private final int prims;
    /** Per place in the locals (0 the newest) and capture, the local that holds it; -1 for {@code this}. */
    private final int[][] inLocals;
    private final int refStack;
    private final int primStack;
    /** The entries in the stacks. */
    private final int top;
    /** The entries in the locals: none once a frame is held. */
    private final int held;

    OneSiteEntries(MethodLowering lowering, ActionSite site, boolean[] isThis, int frame, Locals locals, LoweringMarks marks,
                   BiFunction<Type, Integer, Integer> temps) {
        this.lowering = lowering;
        this.site = site;
        this.captures = site.shape.captures();
        this.isThis = isThis;
        this.frame = frame;
        this.temps = temps;
        offsets = new int[captures.size()];
        int r = 0;
        int p = 0;
        for (int c = 0; c < captures.size(); c++) {
            if (!isThis[c]) {
                offsets[c] = isRef(captures.get(c)) ? r++ : p++;
            }
        }
        refs = r;
        prims = p;
        inLocals = new int[refs + prims == 0 ? 0 : IN_LOCALS][captures.size()];
        for (int[] place : inLocals) {
            for (int c = 0; c < captures.size(); c++) {
                place[c] = isThis[c] ? -1 : marks.local(LoweringMarks.Role.CAPTURE, locals.add(captures.get(c)));
            }
        }
        refStack = refs > 0 ? marks.local(LoweringMarks.Role.STACK, locals.add(REFS)) : -1;
        primStack = prims > 0 ? marks.local(LoweringMarks.Role.STACK, locals.add(PRIMS)) : -1;
        top = marks.local(LoweringMarks.Role.TOP, locals.add(Type.INT_TYPE));
        held = refs + prims == 0 ? -1 : marks.local(LoweringMarks.Role.TOP, locals.add(Type.INT_TYPE));
    }

    /** Whether an entry holds a value at all: otherwise the count is the whole record, and no frame is borrowed. */
    static boolean storesValues(boolean[] isThis) {
        for (boolean receiver : isThis) {
            if (!receiver) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRef(Type type) {
        return type.getSort() >= Type.ARRAY;
    }

    /** The locals their defaults, the stacks the runtime's empty ones, the counts 0. */
    void emitPrologue(InsnList out) {
        for (int[] place : inLocals) {
            for (int c = 0; c < captures.size(); c++) {
                if (place[c] >= 0) {
                    out.add(Bytecode.pushDefault(captures.get(c)));
                    out.add(Locals.store(captures.get(c), place[c]));
                }
            }
        }
        if (refs > 0) {
            FrameCode.startEmpty(out, refStack, "NO_REFS", REFS);
        }
        if (prims > 0) {
            FrameCode.startEmpty(out, primStack, "NO_PRIMS", PRIMS);
        }
        out.add(new InsnNode(Opcodes.ICONST_0));
        out.add(Locals.store(Type.INT_TYPE, top));
        if (held >= 0) {
            out.add(new InsnNode(Opcodes.ICONST_0));
            out.add(Locals.store(Type.INT_TYPE, held));
        }
    }

    /** Each stack from the frame the prologue borrowed (D24). */
    void earlyStacks(InsnList out) {
        if (refs > 0) {
            FrameCode.withRoomForOne(out, frame, refStack, "refStack", REFS);
        }
        if (prims > 0) {
            FrameCode.withRoomForOne(out, frame, primStack, "primStack", PRIMS);
        }
    }

    /**
     * ..., c1, ..., cn -> ...   {@code if (no room) { if (no frame) { if (held < IN_LOCALS) { shift
     * into the locals; held++; return } borrow } grow }; stacks[top * count + i] = values; top++}
     */
    InsnList registration() {
        InsnList out = new InsnList();
        int[] temp = new int[captures.size()];
        for (int c = captures.size() - 1; c >= 0; c--) {
            if (isThis[c]) {
                out.add(new InsnNode(Opcodes.POP)); // the same in every entry: local 0 at the call
            } else {
                temp[c] = temps.apply(captures.get(c), c);
                out.add(Locals.store(captures.get(c), temp[c]));
            }
        }
        if (refs + prims == 0) {
            out.add(new IincInsnNode(top, 1));
            return out;
        }
        LabelNode slow = new LabelNode();
        LabelNode store = new LabelNode();
        LabelNode grow = new LabelNode();
        LabelNode borrow = new LabelNode();
        LabelNode done = new LabelNode();
        roomTest(out, refStack, refs, slow);
        roomTest(out, primStack, prims, slow);
        out.add(store);
        for (int c = 0; c < captures.size(); c++) {
            if (!isThis[c]) {
                storeInStack(out, c, temp[c]);
            }
        }
        // the entry exists from here on
        out.add(new IincInsnNode(top, 1));
        out.add(new JumpInsnNode(Opcodes.GOTO, done));
        // no room: into the locals while no frame is held and they have room
        out.add(slow);
        out.add(Locals.load(FrameCode.FRAME, frame));
        out.add(new JumpInsnNode(Opcodes.IFNONNULL, grow));
        out.add(Locals.load(Type.INT_TYPE, held));
        out.add(Bytecode.pushInt(IN_LOCALS));
        out.add(new JumpInsnNode(Opcodes.IF_ICMPGE, borrow));
        for (int c = 0; c < captures.size(); c++) {
            if (!isThis[c]) {
                for (int j = IN_LOCALS - 1; j > 0; j--) {
                    out.add(Locals.load(captures.get(c), inLocals[j - 1][c]));
                    out.add(Locals.store(captures.get(c), inLocals[j][c]));
                }
                out.add(Locals.load(captures.get(c), temp[c]));
                out.add(Locals.store(captures.get(c), inLocals[0][c]));
            }
        }
        out.add(new IincInsnNode(held, 1));
        out.add(new JumpInsnNode(Opcodes.GOTO, done));
        // the locals are full and no frame is held: the frame; the locals keep the oldest entries
        out.add(borrow);
        FrameCode.acquire(out, frame);
        // a frame is held: each stack with room for the entry
        out.add(grow);
        withRoom(out);
        out.add(new JumpInsnNode(Opcodes.GOTO, store));
        out.add(done);
        return out;
    }

    /** ... -> ..., top   the entries in the stacks, the index of the next */
    private void pushTop(InsnList out) {
        out.add(Locals.load(Type.INT_TYPE, top));
    }

    /** ... -> ..., top + 1   the entries the stacks hold once the next is in */
    private void pushTopPlusOne(InsnList out) {
        pushTop(out);
        out.add(new InsnNode(Opcodes.ICONST_1));
        out.add(new InsnNode(Opcodes.IADD));
    }

    /** Each stack with room for {@code top + 1} entries. */
    private void withRoom(InsnList out) {
        if (refs > 0) {
            FrameCode.withRoom(out, frame, refStack, "refStack", REFS, () -> times(out, () -> pushTopPlusOne(out), refs));
        }
        if (prims > 0) {
            FrameCode.withRoom(out, frame, primStack, "primStack", PRIMS, () -> times(out, () -> pushTopPlusOne(out), prims));
        }
    }

    /** ... -> ..., entries * count */
    private static void times(InsnList out, Runnable pushEntries, int count) {
        pushEntries.run();
        if (count > 1) {
            out.add(Bytecode.pushInt(count));
            out.add(new InsnNode(Opcodes.IMUL));
        }
    }

    /** ... -> ...   {@code stack[top * count + offset] = capture c}, from its local {@code value} */
    private void storeInStack(InsnList out, int c, int value) {
        Type type = captures.get(c);
        boolean ref = isRef(type);
        out.add(new VarInsnNode(Opcodes.ALOAD, ref ? refStack : primStack));
        index(out, ref ? refs : prims, offsets[c]);
        out.add(Locals.load(type, value));
        FrameCode.toSlot(out, type);
        out.add(new InsnNode(ref ? Opcodes.AASTORE : Opcodes.LASTORE));
    }

    /** ... -> ...   to {@code slow} unless {@code (top + 1) * count <= stack.length}: entry {@code top}'s values fit */
    private void roomTest(InsnList out, int stack, int count, LabelNode slow) {
        if (count == 0) {
            return;
        }
        if (count == 1) {
            // top < stack.length
            pushTop(out);
            out.add(new VarInsnNode(Opcodes.ALOAD, stack));
            out.add(new InsnNode(Opcodes.ARRAYLENGTH));
            out.add(new JumpInsnNode(Opcodes.IF_ICMPGE, slow));
            return;
        }
        times(out, () -> pushTopPlusOne(out), count);
        out.add(new VarInsnNode(Opcodes.ALOAD, stack));
        out.add(new InsnNode(Opcodes.ARRAYLENGTH));
        out.add(new JumpInsnNode(Opcodes.IF_ICMPGT, slow));
    }

    /** ... -> ..., top * count + offset   where entry {@code top}'s value {@code offset} lives in its stack */
    private void index(InsnList out, int count, int offset) {
        times(out, () -> pushTop(out), count);
        if (offset != 0) {
            out.add(Bytecode.pushInt(offset));
            out.add(new InsnNode(Opcodes.IADD));
        }
    }

    /**
     * Entries, newest first: {@code while (top > 0) { values = the stacks at entry --top
     * (references nulled); action(values) }}, then {@code while (held > 0) { values = the newest
     * local, the others shifted up, held--; action(values) }}; then on to {@code release}. A site
     * with a primitive capture gets a copy of the action in each loop (D33): one loop taking either
     * path is a loop with two counters, which C2 neither unrolls nor treats as counted, and there a
     * primitive's pop is so short that the loop's own cost was most of an entry's (FrameShapes
     * doubles on JDK 17, 3.8 times the hand-written array at n = 16). References share one copy:
     * measured, the second loop bought them nothing. A restart after a failure comes back at
     * {@code loop}, where a popped entry is gone.
     */
    void emitEntries(InsnList out, LabelNode loop, LabelNode release) {
        int[] popped = new int[captures.size()]; // the registration's temporaries: never live in the epilogue
        for (int c = 0; c < captures.size(); c++) {
            popped[c] = isThis[c] ? -1 : temps.apply(captures.get(c), c);
        }
        boolean values = refs + prims > 0;
        boolean loopEach = prims > 0;
        LabelNode call = new LabelNode();
        LabelNode fromLocals = new LabelNode();
        out.add(Locals.load(Type.INT_TYPE, top));
        out.add(new JumpInsnNode(Opcodes.IFEQ, values ? fromLocals : release));
        // popped before its turn's S3 check: a skipped entry is gone too
        out.add(new IincInsnNode(top, -1));
        for (int c = 0; c < captures.size(); c++) {
            if (!isThis[c]) {
                pop(out, c, popped[c]);
            }
        }
        if (!values) {
            emitCall(out, popped, loop);
            return;
        }
        if (loopEach) {
            emitCall(out, popped, loop);
        } else {
            out.add(new JumpInsnNode(Opcodes.GOTO, call));
        }
        out.add(fromLocals);
        out.add(Locals.load(Type.INT_TYPE, held));
        out.add(new JumpInsnNode(Opcodes.IFEQ, release));
        out.add(new IincInsnNode(held, -1));
        for (int c = 0; c < captures.size(); c++) {
            if (!isThis[c]) {
                out.add(Locals.load(captures.get(c), inLocals[0][c]));
                out.add(Locals.store(captures.get(c), popped[c]));
                for (int j = 0; j + 1 < IN_LOCALS; j++) {
                    out.add(Locals.load(captures.get(c), inLocals[j + 1][c]));
                    out.add(Locals.store(captures.get(c), inLocals[j][c]));
                }
            }
        }
        if (loopEach) {
            emitCall(out, popped, fromLocals);
        } else {
            out.add(call); // the stacks' entries join here
            emitCall(out, popped, loop);
        }
    }

    /** The site's action on the popped values, then on to {@code next}. */
    private void emitCall(InsnList out, int[] popped, LabelNode next) {
        LabelNode actionStart = new LabelNode();
        LabelNode actionEnd = new LabelNode();
        out.add(actionStart);
        IntConsumer load = c -> out.add(isThis[c] ? new VarInsnNode(Opcodes.ALOAD, 0) : Locals.load(captures.get(c), popped[c]));
        lowering.emitGuardedCall(out, site, load, load, next, false, MethodLowering.Handling.SHARED);
        out.add(actionEnd);
        // Only the action, after its entry was popped: a restart goes on with the next entry.
        lowering.coverWithSharedHandler(actionStart, actionEnd);
    }

    /** {@code popped = stack[entry top's slot]}, and for a reference the slot nulled: a pooled frame keeps no user object alive. */
    private void pop(InsnList out, int c, int popped) {
        Type type = captures.get(c);
        boolean ref = isRef(type);
        int stack = ref ? refStack : primStack;
        int count = ref ? refs : prims;
        out.add(new VarInsnNode(Opcodes.ALOAD, stack));
        index(out, count, offsets[c]);
        if (ref) {
            out.add(new InsnNode(Opcodes.AALOAD));
            if (!type.getInternalName().equals(JvmNames.OBJECT)) {
                out.add(new TypeInsnNode(Opcodes.CHECKCAST, type.getInternalName()));
            }
            out.add(Locals.store(type, popped));
            out.add(new VarInsnNode(Opcodes.ALOAD, stack));
            index(out, count, offsets[c]);
            out.add(new InsnNode(Opcodes.ACONST_NULL));
            out.add(new InsnNode(Opcodes.AASTORE));
        } else {
            out.add(new InsnNode(Opcodes.LALOAD));
            FrameCode.fromSlot(out, type);
            out.add(Locals.store(type, popped));
        }
    }
}
