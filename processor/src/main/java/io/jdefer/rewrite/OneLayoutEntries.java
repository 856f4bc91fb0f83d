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
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The frame's protocol for frame sites whose entries have one layout (SPEC C4; docs/frames.md):
 * one site, whatever it captures, or several whose values, {@code this} left out, have the same
 * slots in the same order (two {@code defer(r::close)} in one loop body, a lock and a resource of
 * one type, two lambdas capturing an {@code int} each). An entry is its values alone, and with
 * several sites its site id; one count of entries in a local says where every value is. A layout
 * of {@code r} references and {@code p} primitives keeps entry {@code e} at {@code refs[e * r + i]}
 * and {@code prims[e * p + j]}, its id (several sites) at {@code ids[e]}, unless the sites
 * register in one fixed cycle ({@link SiteCycle}, D35): then an entry's id is its position modulo
 * the number of sites, computed at the pop, and not stored. One site that stores nothing
 * ({@code defer(this::flush)} in a loop), or sites of one cycle that store nothing, need only the
 * count, never a frame.
 *
 * <p>While no frame is held, the first {@value #IN_LOCALS} entries stay in locals of the method, a
 * shift register whose local 0 is the newest (D32): a call that registers at most that many borrows
 * no frame. The next registration borrows and goes on in the stacks, the locals keeping the oldest
 * entries, so the stacks' entries are all newer; once a call has borrowed, the prologue borrows
 * (D24), and every entry goes to the stacks from the first.
 *
 * <p>Until the frame is borrowed the stacks are the runtime's zero-length {@code DeferFrame.NO_REFS},
 * {@code NO_PRIMS} and {@code NO_SITES}, so a registration's common path is a room test and the
 * stores: no test of the frame or of the locals. The room test is {@code top < stack.length} for a
 * layout of one value and no site id, else {@code top < room}, a local holding the entries every
 * stack has room for, recomputed where the stacks change (D34). When a test fails, the entry goes to the
 * locals if no frame is held and they have room; else the frame is borrowed if none is held and
 * asked for stacks with room ({@code refStack(int)}, which grows them), with no loop in the method.
 * A registration makes room in every stack before it stores, and counts the entry after its
 * stores: one cut short (an error while a stack grows) registers nothing. With several sites the
 * epilogue dispatches on the popped id with a {@code tableswitch} (D34); with one, on nothing.
 *
 * <p>Over 300 lines for one job: the prologue, the registration and the epilogue all follow the
 * one layout of entries (locals, then stacks, and their index arithmetic), which this class keeps
 * in one place.
 */
final class OneLayoutEntries {
    private static final Type REFS = Type.getType("[Ljava/lang/Object;");
    private static final Type PRIMS = Type.getType("[J");
    private static final Type IDS = Type.getType("[I");
    /** Entries kept in locals while no frame is held: a call of up to this many borrows nothing (D32). */
    static final int IN_LOCALS = 4;

    private final MethodLowering lowering;
    /** The frame sites, in site-id order. */
    private final List<ActionSite> sites;
    /** Where each site's values go in an entry (the same slots for every site). */
    private final EntryLayout layout;
    /** The layout's slot types, its places in the references or primitives, their counts: read often, so copied. */
    private final Type[] slots;
    private final int[] offsets;
    private final int refs;
    private final int prims;
    private final int frame;
    private final BiFunction<Type, Integer, Integer> temps;
    /** Per slot and place in the locals (0 the newest), the local that holds it; none when an entry holds nothing. */
    private final int[][] inLocals;
    private final int refStack;
    private final int primStack;
    /** With stored ids (several sites, not of one cycle): the ids' stack and the ids of the entries in locals; else -1 and none. */
    private final int idStack;
    private final int[] idsInLocals;
    /** With several sites: the popped entry's site id, loaded from the ids or computed from its position (D35); else -1. */
    private final int poppedId;
    /** With ids from the position: the number of sites in the cycle; else 0. */
    private final int cycle;
    /** The entries in the stacks. */
    private final int top;
    /** The entries in the locals: none once a frame is held. */
    private final int held;
    /**
     * With more than one stack or more than one value in a stack: the entries every stack has room
     * for, so that a registration tests once ({@code top < room}); recomputed where the stacks
     * change. -1 when one test of one stack's length does.
     */
    private final int room;

    OneLayoutEntries(MethodLowering lowering, List<ActionSite> sites, EntryLayout layout, int frame, Locals locals, LoweringMarks marks,
                     BiFunction<Type, Integer, Integer> temps) {
        this.lowering = lowering;
        this.sites = sites;
        this.layout = layout;
        this.frame = frame;
        this.temps = temps;
        slots = layout.slots();
        offsets = layout.offsets();
        refs = layout.refs();
        prims = layout.prims();
        boolean several = sites.size() > 1;
        boolean storedIds = layout.storesIds();
        cycle = layout.idsFromPosition() ? sites.size() : 0;
        int places = layout.storesValues() ? IN_LOCALS : 0;
        inLocals = new int[slots.length][places];
        for (int j = 0; j < places; j++) {
            for (int l = 0; l < slots.length; l++) {
                inLocals[l][j] = marks.local(LoweringMarks.Role.CAPTURE, locals.add(slots[l]));
            }
        }
        idsInLocals = new int[storedIds ? IN_LOCALS : 0];
        for (int j = 0; j < idsInLocals.length; j++) {
            idsInLocals[j] = marks.local(LoweringMarks.Role.CAPTURE, locals.add(Type.INT_TYPE));
        }
        refStack = refs > 0 ? marks.local(LoweringMarks.Role.STACK, locals.add(REFS)) : -1;
        primStack = prims > 0 ? marks.local(LoweringMarks.Role.STACK, locals.add(PRIMS)) : -1;
        idStack = storedIds ? marks.local(LoweringMarks.Role.STACK, locals.add(IDS)) : -1;
        poppedId = several ? marks.local(LoweringMarks.Role.TEMP, locals.add(Type.INT_TYPE)) : -1;
        top = marks.local(LoweringMarks.Role.TOP, locals.add(Type.INT_TYPE));
        held = places == 0 ? -1 : marks.local(LoweringMarks.Role.TOP, locals.add(Type.INT_TYPE));
        int stacks = (refs > 0 ? 1 : 0) + (prims > 0 ? 1 : 0) + (storedIds ? 1 : 0);
        room = stacks > 1 || refs > 1 || prims > 1 ? marks.local(LoweringMarks.Role.TOP, locals.add(Type.INT_TYPE)) : -1;
    }

    /** The locals their defaults, the stacks the runtime's empty ones, the counts 0. */
    void emitPrologue(InsnList out) {
        for (int j = 0; j < (held >= 0 ? IN_LOCALS : 0); j++) {
            for (int l = 0; l < slots.length; l++) {
                out.add(Bytecode.pushDefault(slots[l]));
                out.add(Locals.store(slots[l], inLocals[l][j]));
            }
        }
        for (int id : idsInLocals) {
            out.add(new InsnNode(Opcodes.ICONST_0));
            out.add(Locals.store(Type.INT_TYPE, id));
        }
        if (refs > 0) {
            FrameCode.startEmpty(out, refStack, "NO_REFS", REFS);
        }
        if (prims > 0) {
            FrameCode.startEmpty(out, primStack, "NO_PRIMS", PRIMS);
        }
        if (idStack >= 0) {
            FrameCode.startEmpty(out, idStack, "NO_SITES", IDS);
        }
        out.add(new InsnNode(Opcodes.ICONST_0));
        out.add(Locals.store(Type.INT_TYPE, top));
        if (held >= 0) {
            out.add(new InsnNode(Opcodes.ICONST_0));
            out.add(Locals.store(Type.INT_TYPE, held));
        }
        if (room >= 0) {
            out.add(new InsnNode(Opcodes.ICONST_0));
            out.add(Locals.store(Type.INT_TYPE, room));
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
        if (idStack >= 0) {
            FrameCode.withRoomForOne(out, frame, idStack, "siteStack", IDS);
        }
        storeRoom(out);
    }

    /** {@code room = min(stack.length / count)} over the stacks, after they changed; nothing without a room local. */
    private void storeRoom(InsnList out) {
        if (room < 0) {
            return;
        }
        int[][] stacks = {{refStack, refs}, {primStack, prims}, {idStack, idStack >= 0 ? 1 : 0}};
        boolean first = true;
        for (int[] stack : stacks) {
            if (stack[1] == 0) {
                continue;
            }
            out.add(new VarInsnNode(Opcodes.ALOAD, stack[0]));
            out.add(new InsnNode(Opcodes.ARRAYLENGTH));
            if (stack[1] > 1) {
                out.add(Bytecode.pushInt(stack[1]));
                out.add(new InsnNode(Opcodes.IDIV));
            }
            if (!first) {
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Math", "min", "(II)I", false));
            }
            first = false;
        }
        out.add(Locals.store(Type.INT_TYPE, room));
    }

    /**
     * ..., c1, ..., cn -> ...   one entry of {@code site}: {@code if (no room) { if (no frame) { if
     * (held < IN_LOCALS) { shift into the locals; held++; return } borrow } grow };
     * stacks[top * count + i] = values; ids[top] = id; top++}
     */
    InsnList registration(ActionSite site) {
        int id = sites.indexOf(site);
        int[] slotOf = layout.slotOf(id);
        List<Type> captures = site.shape.captures();
        InsnList out = new InsnList();
        int[] temp = new int[slots.length];
        for (int c = captures.size() - 1; c >= 0; c--) {
            if (slotOf[c] < 0) {
                out.add(new InsnNode(Opcodes.POP)); // the same in every entry: local 0 at the call
            } else {
                temp[slotOf[c]] = temps.apply(slots[slotOf[c]], slotOf[c]);
                out.add(Locals.store(slots[slotOf[c]], temp[slotOf[c]]));
            }
        }
        if (held < 0) {
            out.add(new IincInsnNode(top, 1));
            return out;
        }
        LabelNode slow = new LabelNode();
        LabelNode store = new LabelNode();
        LabelNode grow = new LabelNode();
        LabelNode borrow = new LabelNode();
        LabelNode done = new LabelNode();
        if (room >= 0) {
            pushTop(out);
            out.add(Locals.load(Type.INT_TYPE, room));
            out.add(new JumpInsnNode(Opcodes.IF_ICMPGE, slow));
        } else {
            // one stack, one slot an entry: top < stack.length
            pushTop(out);
            out.add(new VarInsnNode(Opcodes.ALOAD, refStack >= 0 ? refStack : primStack >= 0 ? primStack : idStack));
            out.add(new InsnNode(Opcodes.ARRAYLENGTH));
            out.add(new JumpInsnNode(Opcodes.IF_ICMPGE, slow));
        }
        out.add(store);
        for (int l = 0; l < slots.length; l++) {
            storeInStack(out, l, temp[l]);
        }
        if (idStack >= 0) {
            out.add(new VarInsnNode(Opcodes.ALOAD, idStack));
            pushTop(out);
            out.add(Bytecode.pushInt(layout.key(id)));
            out.add(new InsnNode(Opcodes.IASTORE));
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
        for (int l = 0; l < slots.length; l++) {
            Type type = slots[l];
            int value = temp[l];
            shiftIn(out, type, inLocals[l], () -> out.add(Locals.load(type, value)));
        }
        if (idStack >= 0) {
            shiftIn(out, Type.INT_TYPE, idsInLocals, () -> out.add(Bytecode.pushInt(layout.key(id))));
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
        if (idStack >= 0) {
            FrameCode.withRoom(out, frame, idStack, "siteStack", IDS, () -> pushTopPlusOne(out));
        }
        storeRoom(out);
    }

    /** ... -> ..., entries * count */
    private static void times(InsnList out, Runnable pushEntries, int count) {
        pushEntries.run();
        if (count > 1) {
            out.add(Bytecode.pushInt(count));
            out.add(new InsnNode(Opcodes.IMUL));
        }
    }

    /** ... -> ...   {@code stack[top * count + offset] = slot l}, from its local {@code value} */
    private void storeInStack(InsnList out, int l, int value) {
        Type type = slots[l];
        boolean ref = EntryLayout.isRef(type);
        out.add(new VarInsnNode(Opcodes.ALOAD, ref ? refStack : primStack));
        index(out, ref ? refs : prims, offsets[l]);
        out.add(Locals.load(type, value));
        FrameCode.toSlot(out, type);
        out.add(new InsnNode(ref ? Opcodes.AASTORE : Opcodes.LASTORE));
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
     * local, the others shifted up, held--; action(values) }}; then on to {@code release}. With
     * several sites {@code action} is a {@code tableswitch} on the popped id, a case per site. A
     * layout with a primitive gets a copy of the actions in each loop (D33): one loop taking either
     * path is a loop with two counters, which C2 neither unrolls nor treats as counted, and there a
     * primitive's pop is so short that the loop's own cost was most of an entry's (FrameShapes
     * doubles on JDK 17, 3.8 times the hand-written array at n = 16). References share one copy:
     * measured, the second loop bought them nothing. A restart after a failure comes back at
     * {@code loop}, where a popped entry is gone.
     */
    void emitEntries(InsnList out, LabelNode loop, LabelNode release) {
        int[] popped = new int[slots.length]; // the registration's temporaries: never live in the epilogue
        for (int l = 0; l < slots.length; l++) {
            popped[l] = temps.apply(slots[l], l);
        }
        boolean values = held >= 0;
        boolean loopEach = prims > 0;
        LabelNode call = new LabelNode();
        LabelNode fromLocals = new LabelNode();
        out.add(Locals.load(Type.INT_TYPE, top));
        out.add(new JumpInsnNode(Opcodes.IFEQ, values ? fromLocals : release));
        // popped before its turn's S3 check: a skipped entry is gone too
        out.add(new IincInsnNode(top, -1));
        for (int l = 0; l < slots.length; l++) {
            pop(out, l, popped[l]);
        }
        if (idStack >= 0) {
            out.add(new VarInsnNode(Opcodes.ALOAD, idStack));
            pushTop(out);
            out.add(new InsnNode(Opcodes.IALOAD));
            out.add(Locals.store(Type.INT_TYPE, poppedId));
        } else if (cycle > 0) {
            storeIdFromPosition(out);
        }
        if (!values) {
            emitCalls(out, popped, loop);
            return;
        }
        if (loopEach) {
            emitCalls(out, popped, loop);
        } else {
            out.add(new JumpInsnNode(Opcodes.GOTO, call));
        }
        out.add(fromLocals);
        out.add(Locals.load(Type.INT_TYPE, held));
        out.add(new JumpInsnNode(Opcodes.IFEQ, release));
        out.add(new IincInsnNode(held, -1));
        for (int l = 0; l < slots.length; l++) {
            shiftOut(out, slots[l], inLocals[l], popped[l]);
        }
        if (idStack >= 0) {
            shiftOut(out, Type.INT_TYPE, idsInLocals, poppedId);
        } else if (cycle > 0) {
            storeIdFromPosition(out);
        }
        if (loopEach) {
            emitCalls(out, popped, fromLocals);
        } else {
            out.add(call); // the stacks' entries join here
            emitCalls(out, popped, loop);
        }
    }

    /**
     * {@code poppedId = (top + held) % cycle}: the site of the entry just popped, from its position
     * (D35). Entries in the locals are the oldest and every stack entry came after them, so with
     * the count already decremented, {@code top + held} is the popped entry's position, 0 the oldest.
     */
    private void storeIdFromPosition(InsnList out) {
        pushTop(out);
        if (held >= 0) {
            out.add(Locals.load(Type.INT_TYPE, held));
            out.add(new InsnNode(Opcodes.IADD));
        }
        out.add(Bytecode.pushInt(Integer.bitCount(cycle) == 1 ? cycle - 1 : cycle));
        out.add(new InsnNode(Integer.bitCount(cycle) == 1 ? Opcodes.IAND : Opcodes.IREM));
        out.add(Locals.store(Type.INT_TYPE, poppedId));
    }

    /** {@code local j = local j - 1; local 0 = value}: a new entry's value in the locals, the older ones down one. */
    private static void shiftIn(InsnList out, Type type, int[] places, Runnable pushValue) {
        for (int j = IN_LOCALS - 1; j > 0; j--) {
            out.add(Locals.load(type, places[j - 1]));
            out.add(Locals.store(type, places[j]));
        }
        pushValue.run();
        out.add(Locals.store(type, places[0]));
    }

    /** {@code popped = local 0; local j = local j + 1}: the newest entry in the locals out, the others up one. */
    private static void shiftOut(InsnList out, Type type, int[] places, int popped) {
        out.add(Locals.load(type, places[0]));
        out.add(Locals.store(type, popped));
        for (int j = 0; j + 1 < IN_LOCALS; j++) {
            out.add(Locals.load(type, places[j + 1]));
            out.add(Locals.store(type, places[j]));
        }
    }

    /**
     * The popped entry's action, then on to {@code next}: the one site's, or with several the
     * case of the popped id. Only the actions are under the shared handler, after their entry
     * was popped: a restart goes on with the next entry.
     */
    private void emitCalls(InsnList out, int[] popped, LabelNode next) {
        LabelNode actionStart = new LabelNode();
        LabelNode actionEnd = new LabelNode();
        out.add(actionStart);
        if (poppedId < 0) {
            emitCall(out, sites.get(0), popped, next);
        } else {
            LabelNode[] cases = new LabelNode[sites.size()];
            LabelNode[] byKey = new LabelNode[cases.length];
            for (int s = 0; s < cases.length; s++) {
                cases[s] = new LabelNode();
                byKey[layout.key(s)] = cases[s];
            }
            out.add(Locals.load(Type.INT_TYPE, poppedId));
            out.add(new TableSwitchInsnNode(0, cases.length - 1, next, byKey));
            for (int s = 0; s < cases.length; s++) {
                out.add(cases[s]);
                emitCall(out, sites.get(s), popped, next);
            }
        }
        out.add(actionEnd);
        lowering.coverWithSharedHandler(actionStart, actionEnd);
    }

    /** {@code site}'s action on the popped values (each cast to the site's own type where the layout's is wider). */
    private void emitCall(InsnList out, ActionSite site, int[] popped, LabelNode next) {
        List<Type> captures = site.shape.captures();
        int[] slotOf = layout.slotOf(sites.indexOf(site));
        IntConsumer load = c -> {
            if (slotOf[c] < 0) {
                out.add(new VarInsnNode(Opcodes.ALOAD, 0));
                return;
            }
            Type slot = slots[slotOf[c]];
            out.add(Locals.load(slot, popped[slotOf[c]]));
            if (EntryLayout.isRef(slot) && !slot.equals(captures.get(c)) && !captures.get(c).getInternalName().equals(JvmNames.OBJECT)) {
                out.add(new TypeInsnNode(Opcodes.CHECKCAST, captures.get(c).getInternalName()));
            }
        };
        lowering.emitGuardedCall(out, site, load, load, next, false, MethodLowering.Handling.SHARED);
    }

    /** {@code popped = stack[entry top's slot]}, and for a reference the slot nulled: a pooled frame keeps no user object alive. */
    private void pop(InsnList out, int l, int popped) {
        Type type = slots[l];
        boolean ref = EntryLayout.isRef(type);
        int stack = ref ? refStack : primStack;
        int count = ref ? refs : prims;
        out.add(new VarInsnNode(Opcodes.ALOAD, stack));
        index(out, count, offsets[l]);
        if (ref) {
            out.add(new InsnNode(Opcodes.AALOAD));
            if (!type.getInternalName().equals(JvmNames.OBJECT)) {
                out.add(new TypeInsnNode(Opcodes.CHECKCAST, type.getInternalName()));
            }
            out.add(Locals.store(type, popped));
            out.add(new VarInsnNode(Opcodes.ALOAD, stack));
            index(out, count, offsets[l]);
            out.add(new InsnNode(Opcodes.ACONST_NULL));
            out.add(new InsnNode(Opcodes.AASTORE));
        } else {
            out.add(new InsnNode(Opcodes.LALOAD));
            FrameCode.fromSlot(out, type);
            out.add(Locals.store(type, popped));
        }
    }
}
