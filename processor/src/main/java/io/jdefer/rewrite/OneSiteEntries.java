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
 * again) keeps entry {@code e} at {@code refs[(e - 1) * r + i]} and {@code prims[(e - 1) * p + j]};
 * entry 0 stays in locals of the method, so a call that registers once borrows no frame. A site
 * that stores nothing ({@code defer(this::flush)} in a loop) needs only the count, never a frame.
 *
 * <p>Until the frame is borrowed the stacks are the runtime's zero-length {@code DeferFrame.NO_REFS}
 * and {@code NO_PRIMS}, so a registration's common path is one room test per stack: no test of the
 * frame. When a test fails, the frame is borrowed if none is held and asked for stacks with room
 * ({@code refStack(int)}, which grows them), with no loop in the method. A registration makes room in every stack before it stores, and counts the entry after its
 * stores: one cut short (an error while a stack grows) registers nothing.
 */
final class OneSiteEntries {
    private static final Type REFS = Type.getType("[Ljava/lang/Object;");
    private static final Type PRIMS = Type.getType("[J");

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
    /** Per capture, the local that holds it for entry 0; -1 for {@code this}. */
    private final int[] first;
    private final int refStack;
    private final int primStack;
    private final int top;

    OneSiteEntries(MethodLowering lowering, ActionSite site, boolean[] isThis, int frame, Locals locals, LoweringMarks marks,
                   BiFunction<Type, Integer, Integer> temps) {
        this.lowering = lowering;
        this.site = site;
        this.captures = site.shape.captures();
        this.isThis = isThis;
        this.frame = frame;
        this.temps = temps;
        offsets = new int[captures.size()];
        first = new int[captures.size()];
        int r = 0;
        int p = 0;
        for (int c = 0; c < captures.size(); c++) {
            if (isThis[c]) {
                first[c] = -1;
                continue;
            }
            offsets[c] = isRef(captures.get(c)) ? r++ : p++;
            first[c] = marks.local(LoweringMarks.Role.CAPTURE, locals.add(captures.get(c)));
        }
        refs = r;
        prims = p;
        refStack = refs > 0 ? marks.local(LoweringMarks.Role.STACK, locals.add(REFS)) : -1;
        primStack = prims > 0 ? marks.local(LoweringMarks.Role.STACK, locals.add(PRIMS)) : -1;
        top = marks.local(LoweringMarks.Role.TOP, locals.add(Type.INT_TYPE));
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

    /** Entry 0's locals their defaults, the stacks the runtime's empty ones, the count 0. */
    void emitPrologue(InsnList out) {
        for (int c = 0; c < captures.size(); c++) {
            if (first[c] >= 0) {
                out.add(Bytecode.pushDefault(captures.get(c)));
                out.add(Locals.store(captures.get(c), first[c]));
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
     * ..., c1, ..., cn -> ...   {@code if (top == 0) entry 0 into its locals; else { if (no room)
     * { borrow the frame once; grow }; stacks[(top - 1) * count + i] = values }; top++}
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
        LabelNode entryZero = new LabelNode();
        LabelNode slow = new LabelNode();
        LabelNode store = new LabelNode();
        LabelNode done = new LabelNode();
        // top > 0 (the count is never negative: the stacks hold fewer than 2^31 values)
        out.add(Locals.load(Type.INT_TYPE, top));
        out.add(new JumpInsnNode(Opcodes.IFLE, entryZero));
        roomTest(out, refStack, REFS, refs, slow);
        roomTest(out, primStack, PRIMS, prims, slow);
        out.add(store);
        for (int c = 0; c < captures.size(); c++) {
            if (isThis[c]) {
                continue;
            }
            Type type = captures.get(c);
            boolean ref = isRef(type);
            out.add(new VarInsnNode(Opcodes.ALOAD, ref ? refStack : primStack));
            index(out, ref ? refs : prims, offsets[c]);
            out.add(Locals.load(type, temp[c]));
            FrameCode.toSlot(out, type);
            out.add(new InsnNode(ref ? Opcodes.AASTORE : Opcodes.LASTORE));
        }
        // the entry exists from here on
        out.add(new IincInsnNode(top, 1));
        out.add(new JumpInsnNode(Opcodes.GOTO, done));
        out.add(entryZero);
        for (int c = 0; c < captures.size(); c++) {
            if (!isThis[c]) {
                out.add(Locals.load(captures.get(c), temp[c]));
                out.add(Locals.store(captures.get(c), first[c]));
            }
        }
        out.add(new InsnNode(Opcodes.ICONST_1));
        out.add(Locals.store(Type.INT_TYPE, top));
        out.add(new JumpInsnNode(Opcodes.GOTO, done));
        // no room: the frame at the second registration, then each stack with room for the entry
        out.add(slow);
        FrameCode.borrowIfNone(out, frame);
        if (refs > 0) {
            FrameCode.withRoom(out, frame, refStack, "refStack", REFS, () -> needed(out, refs));
        }
        if (prims > 0) {
            FrameCode.withRoom(out, frame, primStack, "primStack", PRIMS, () -> needed(out, prims));
        }
        out.add(new JumpInsnNode(Opcodes.GOTO, store));
        out.add(done);
        return out;
    }

    /** ... -> ...   to {@code slow} unless {@code top * count <= stack.length}: entry {@code top}'s values fit */
    private void roomTest(InsnList out, int stack, Type type, int count, LabelNode slow) {
        if (count == 0) {
            return;
        }
        needed(out, count);
        out.add(new VarInsnNode(Opcodes.ALOAD, stack));
        out.add(new InsnNode(Opcodes.ARRAYLENGTH));
        out.add(new JumpInsnNode(Opcodes.IF_ICMPGT, slow));
    }

    /** ... -> ..., top * count   the values entries 1 to {@code top} hold in a stack */
    private void needed(InsnList out, int count) {
        out.add(Locals.load(Type.INT_TYPE, top));
        if (count > 1) {
            out.add(Bytecode.pushInt(count));
            out.add(new InsnNode(Opcodes.IMUL));
        }
    }

    /** ... -> ..., (top - 1) * count + offset   where entry {@code top}'s value {@code offset} lives in its stack */
    private void index(InsnList out, int count, int offset) {
        needed(out, count);
        out.add(Bytecode.pushInt(offset - count));
        out.add(new InsnNode(Opcodes.IADD));
    }

    /**
     * Entries, newest first: {@code while (top > 0) { top--; values = top == 0 ? entry 0's locals :
     * the stacks at entry top (references nulled); action(values) }}; then on to {@code release}.
     */
    void emitEntries(InsnList out, LabelNode loop, LabelNode release) {
        int[] popped = new int[captures.size()]; // the registration's temporaries: never live in the epilogue
        for (int c = 0; c < captures.size(); c++) {
            popped[c] = isThis[c] ? -1 : temps.apply(captures.get(c), c);
        }
        out.add(Locals.load(Type.INT_TYPE, top));
        out.add(new JumpInsnNode(Opcodes.IFEQ, release));
        // popped before its turn's S3 check: a skipped entry is gone too
        out.add(new IincInsnNode(top, -1));
        LabelNode call = new LabelNode();
        if (refs + prims > 0) {
            LabelNode fromStacks = new LabelNode();
            out.add(Locals.load(Type.INT_TYPE, top));
            out.add(new JumpInsnNode(Opcodes.IFNE, fromStacks));
            for (int c = 0; c < captures.size(); c++) {
                if (!isThis[c]) {
                    out.add(Locals.load(captures.get(c), first[c]));
                    out.add(Locals.store(captures.get(c), popped[c]));
                }
            }
            out.add(new JumpInsnNode(Opcodes.GOTO, call));
            out.add(fromStacks);
            for (int c = 0; c < captures.size(); c++) {
                if (!isThis[c]) {
                    pop(out, c, popped[c]);
                }
            }
        }
        out.add(call);
        LabelNode actionStart = new LabelNode();
        LabelNode actionEnd = new LabelNode();
        out.add(actionStart);
        IntConsumer load = c -> out.add(isThis[c] ? new VarInsnNode(Opcodes.ALOAD, 0) : Locals.load(captures.get(c), popped[c]));
        lowering.emitGuardedCall(out, site, load, load, loop, false, MethodLowering.Handling.SHARED);
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
