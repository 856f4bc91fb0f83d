package io.jdefer.rewrite;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The frame's general protocol (SPEC C4; docs/frames.md), for frame sites that are several or
 * capture other than one value: the method writes each entry into the frame's typed arrays itself,
 * as a hand-written cleanup array would, with the tops in locals. An entry is its references in
 * the {@code Object[]}, its primitives in the {@code long[]} (floats and doubles as raw bits) and
 * its site id in the {@code int[]}; a site's value counts are constants, so popping the id says
 * how far each value stack goes back. No call per entry: the frame is taken at the first
 * registration and asked for bigger arrays only when one is full.
 *
 * <p>Until the frame is borrowed the arrays are the runtime's zero-length ones ({@code
 * DeferFrame.NO_SITES}, {@code NO_REFS}, {@code NO_PRIMS}), so a registration's common path tests
 * room only, not the frame; when a test fails the frame is borrowed if none is held, and each
 * array the site writes is asked for with room for the entry ({@code refStack(int)}, grown by
 * the runtime, so the method has no loop of its own there). A registration makes room in every
 * array before it stores anything, stores, then moves the tops: one cut short (an error while
 * growing) leaves no part of an entry behind.
 */
final class EntryStacks {
    private static final Type INTS = Type.getType("[I");
    private static final Type REFS = Type.getType("[Ljava/lang/Object;");
    private static final Type PRIMS = Type.getType("[J");

    private final MethodLowering lowering;
    private final List<ActionSite> sites;
    private final int frame;
    private final BiFunction<Type, Integer, Integer> temps;
    /** Per site, which captures are {@code this}: dropped at registration, local 0 again at the call. */
    private final Function<ActionSite, boolean[]> thisCaptures;
    private final int siteStack;
    private final int siteTop;
    private final int refStack;
    private final int refTop;
    private final int primStack;
    private final int primTop;

    EntryStacks(MethodLowering lowering, List<ActionSite> sites, int frame, Locals locals, LoweringMarks marks,
                BiFunction<Type, Integer, Integer> temps, Function<ActionSite, boolean[]> thisCaptures) {
        this.lowering = lowering;
        this.thisCaptures = thisCaptures;
        this.sites = sites;
        this.frame = frame;
        this.temps = temps;
        boolean anyRef = false;
        boolean anyPrim = false;
        for (ActionSite site : sites) {
            anyRef |= refs(site) > 0;
            anyPrim |= prims(site) > 0;
        }
        siteStack = marks.local(LoweringMarks.Role.STACK, locals.add(INTS));
        siteTop = marks.local(LoweringMarks.Role.TOP, locals.add(Type.INT_TYPE));
        refStack = anyRef ? marks.local(LoweringMarks.Role.STACK, locals.add(REFS)) : -1;
        refTop = anyRef ? marks.local(LoweringMarks.Role.TOP, locals.add(Type.INT_TYPE)) : -1;
        primStack = anyPrim ? marks.local(LoweringMarks.Role.STACK, locals.add(PRIMS)) : -1;
        primTop = anyPrim ? marks.local(LoweringMarks.Role.TOP, locals.add(Type.INT_TYPE)) : -1;
    }

    /** The references an entry of {@code site} holds. */
    private int refs(ActionSite site) {
        return count(site, true);
    }

    /** The primitives an entry of {@code site} holds. */
    private int prims(ActionSite site) {
        return count(site, false);
    }

    private int count(ActionSite site, boolean refs) {
        List<Type> captures = site.shape.captures();
        boolean[] isThis = thisCaptures.apply(site);
        int count = 0;
        for (int c = 0; c < captures.size(); c++) {
            count += !isThis[c] && EntryLayout.isRef(captures.get(c)) == refs ? 1 : 0;
        }
        return count;
    }

    /** The arrays the runtime's empty ones ({@code DeferFrame.NO_SITES}...), the tops 0: the epilogue reads them on any path. */
    void emitPrologue(InsnList out) {
        startEmpty(out, siteStack, siteTop, "NO_SITES", INTS);
        startEmpty(out, refStack, refTop, "NO_REFS", REFS);
        startEmpty(out, primStack, primTop, "NO_PRIMS", PRIMS);
    }

    /** Each array from the frame the prologue borrowed (D24). */
    void earlyStacks(InsnList out) {
        FrameCode.withRoomForOne(out, frame, siteStack, "siteStack", INTS);
        if (refStack >= 0) {
            FrameCode.withRoomForOne(out, frame, refStack, "refStack", REFS);
        }
        if (primStack >= 0) {
            FrameCode.withRoomForOne(out, frame, primStack, "primStack", PRIMS);
        }
    }

    private static void startEmpty(InsnList out, int stack, int top, String empty, Type type) {
        if (stack >= 0) {
            FrameCode.startEmpty(out, stack, empty, type);
            out.add(new InsnNode(Opcodes.ICONST_0));
            out.add(Locals.store(Type.INT_TYPE, top));
        }
    }

    /** ..., c1, ..., cn -> ...   one entry of site {@code id} */
    InsnList registration(ActionSite site, int id) {
        InsnList out = new InsnList();
        List<Type> captures = site.shape.captures();
        boolean[] isThis = thisCaptures.apply(site);
        int[] slots = new int[captures.size()];
        for (int c = captures.size() - 1; c >= 0; c--) {
            if (isThis[c]) {
                out.add(new InsnNode(Opcodes.POP)); // the same in every entry: local 0 at the call
                continue;
            }
            slots[c] = temps.apply(captures.get(c), c);
            out.add(Locals.store(captures.get(c), slots[c]));
        }
        int refs = refs(site);
        int prims = prims(site);
        // room in every array, or the slow path below: until the frame is borrowed they are empty
        LabelNode slow = new LabelNode();
        LabelNode store = new LabelNode();
        LabelNode done = new LabelNode();
        roomTest(out, siteStack, siteTop, 1, slow);
        if (refs > 0) {
            roomTest(out, refStack, refTop, refs, slow);
        }
        if (prims > 0) {
            roomTest(out, primStack, primTop, prims, slow);
        }
        out.add(store);
        int r = 0;
        int p = 0;
        for (int c = 0; c < captures.size(); c++) {
            Type type = captures.get(c);
            boolean ref = EntryLayout.isRef(type);
            if (isThis[c]) {
                continue;
            }
            out.add(Locals.load(ref ? REFS : PRIMS, ref ? refStack : primStack));
            out.add(Locals.load(Type.INT_TYPE, ref ? refTop : primTop));
            int offset = ref ? r++ : p++;
            if (offset > 0) {
                out.add(Bytecode.pushInt(offset));
                out.add(new InsnNode(Opcodes.IADD));
            }
            out.add(Locals.load(type, slots[c]));
            if (ref) {
                out.add(new InsnNode(Opcodes.AASTORE));
            } else {
                FrameCode.toSlot(out, type);
                out.add(new InsnNode(Opcodes.LASTORE));
            }
        }
        out.add(Locals.load(INTS, siteStack));
        out.add(Locals.load(Type.INT_TYPE, siteTop));
        out.add(Bytecode.pushInt(id));
        out.add(new InsnNode(Opcodes.IASTORE));
        // the entry exists from here on
        if (refs > 0) {
            out.add(new IincInsnNode(refTop, refs));
        }
        if (prims > 0) {
            out.add(new IincInsnNode(primTop, prims));
        }
        out.add(new IincInsnNode(siteTop, 1));
        out.add(new JumpInsnNode(Opcodes.GOTO, done));
        // no room: the frame at the first registration, then each array this site writes with room for
        // the entry (grown by the runtime: no loop inside the loop the site is in)
        out.add(slow);
        FrameCode.borrowIfNone(out, frame);
        FrameCode.withRoom(out, frame, siteStack, "siteStack", INTS, () -> size(out, siteTop, 1));
        if (refs > 0) {
            FrameCode.withRoom(out, frame, refStack, "refStack", REFS, () -> size(out, refTop, refs));
        }
        if (prims > 0) {
            FrameCode.withRoom(out, frame, primStack, "primStack", PRIMS, () -> size(out, primTop, prims));
        }
        out.add(new JumpInsnNode(Opcodes.GOTO, store));
        out.add(done);
        return out;
    }

    /** ... -> ...   to {@code slow} unless {@code top + count <= stack.length} */
    private static void roomTest(InsnList out, int stack, int top, int count, LabelNode slow) {
        size(out, top, count);
        out.add(new VarInsnNode(Opcodes.ALOAD, stack));
        out.add(new InsnNode(Opcodes.ARRAYLENGTH));
        out.add(new JumpInsnNode(Opcodes.IF_ICMPGT, slow));
    }

    /** ... -> ..., top + count */
    private static void size(InsnList out, int top, int count) {
        out.add(Locals.load(Type.INT_TYPE, top));
        out.add(Bytecode.pushInt(count));
        out.add(new InsnNode(Opcodes.IADD));
    }

    /**
     * Entries, newest first: {@code while (siteTop > 0) switch (sites[--siteTop]) { case k: refTop -= r_k;
     * primTop -= p_k; read and null the values; action_k(values) }}; then on to {@code release}.
     */
    void emitEntries(InsnList out, LabelNode loop, LabelNode release) {
        out.add(Locals.load(Type.INT_TYPE, siteTop));
        out.add(new JumpInsnNode(Opcodes.IFEQ, release));
        out.add(new IincInsnNode(siteTop, -1));
        out.add(Locals.load(INTS, siteStack));
        out.add(Locals.load(Type.INT_TYPE, siteTop));
        out.add(new InsnNode(Opcodes.IALOAD));
        LabelNode[] cases = new LabelNode[sites.size()];
        for (int i = 0; i < sites.size(); i++) {
            cases[i] = new LabelNode();
        }
        out.add(new TableSwitchInsnNode(0, sites.size() - 1, release, cases));
        LabelNode casesEnd = new LabelNode();
        for (int i = 0; i < sites.size(); i++) {
            out.add(cases[i]);
            emitCase(out, sites.get(i), loop);
        }
        out.add(casesEnd);
        // Only the cases, which run after their entry was popped: a restart goes on with the next entry.
        lowering.coverWithSharedHandler(cases[0], casesEnd);
    }

    /** Pops one entry of {@code site} into the temporaries, nulls its reference slots, and runs it. */
    private void emitCase(InsnList out, ActionSite site, LabelNode loop) {
        List<Type> captures = site.shape.captures();
        boolean[] isThis = thisCaptures.apply(site);
        int refs = refs(site);
        int prims = prims(site);
        if (refs > 0) {
            out.add(new IincInsnNode(refTop, -refs));
        }
        if (prims > 0) {
            out.add(new IincInsnNode(primTop, -prims));
        }
        int[] slots = new int[captures.size()];
        int r = 0;
        int p = 0;
        for (int c = 0; c < captures.size(); c++) {
            Type type = captures.get(c);
            boolean ref = EntryLayout.isRef(type);
            if (isThis[c]) {
                continue;
            }
            int offset = ref ? r++ : p++;
            slots[c] = temps.apply(type, c);
            // temp = stack[top + offset]   (and, for a reference, stack[top + offset] = null)
            out.add(Locals.load(ref ? REFS : PRIMS, ref ? refStack : primStack));
            index(out, ref ? refTop : primTop, offset);
            if (ref) {
                out.add(new InsnNode(Opcodes.AALOAD));
                if (!type.getInternalName().equals(JvmNames.OBJECT)) {
                    out.add(new TypeInsnNode(Opcodes.CHECKCAST, type.getInternalName()));
                }
                out.add(Locals.store(type, slots[c]));
                out.add(Locals.load(REFS, refStack));
                index(out, refTop, offset);
                out.add(new InsnNode(Opcodes.ACONST_NULL));
                out.add(new InsnNode(Opcodes.AASTORE));
            } else {
                out.add(new InsnNode(Opcodes.LALOAD));
                FrameCode.fromSlot(out, type);
                out.add(Locals.store(type, slots[c]));
            }
        }
        IntConsumer load = c -> out.add(isThis[c] ? new VarInsnNode(Opcodes.ALOAD, 0) : Locals.load(captures.get(c), slots[c]));
        lowering.emitGuardedCall(out, site, load, load, loop, false, MethodLowering.Handling.SHARED);
    }

    private static void index(InsnList out, int top, int offset) {
        out.add(Locals.load(Type.INT_TYPE, top));
        if (offset > 0) {
            out.add(Bytecode.pushInt(offset));
            out.add(new InsnNode(Opcodes.IADD));
        }
    }
}
