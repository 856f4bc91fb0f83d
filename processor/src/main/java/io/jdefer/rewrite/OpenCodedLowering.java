package io.jdefer.rewrite;

import io.jdefer.plan.SiteKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * SPEC C3, Go's open-coded defers: every site is static (runs at most once per invocation), so
 * each site owns one local per captured value and, unless its first capture can say so itself, a
 * bit in a mask ({@code int}s of 32 bits, as many as needed). A registration stores its captures
 * and sets its bit; the epilogue tests from the last site to the first and calls each registered
 * action directly. A site whose first capture is a reference that registration leaves non-null
 * (a receiver, an {@code Action} object, a {@code @Defer} local) needs no bit: its local is null
 * until it registers, and the epilogue tests that. No object, no runtime call on the normal path:
 * the JIT sees plain locals and constant bits. When every site is unconditional, the method
 * gets javac's try/finally shape instead, one {@link FinallyShape} a site, nested (D19, D38).
 * Over 300 lines: the two shapes share the sites' locals, so one class chooses and allocates them.
 *
 * <p>Sites are numbered in instruction order. For static sites that is registration order: javac
 * lays out acyclic code forward, and a method with a backward jump outside any cycle is not given
 * to this lowering ({@link StrategyGate}).
 */
final class OpenCodedLowering extends MethodLowering {
    private static final int BITS_PER_MASK = 32;

    private final int[] masks;
    /** The bit of each site, or {@code -1} when its first capture flags its registration. */
    private final int[] bits;
    private final int[][] captureSlots;

    /** Whether the site is a {@code @Defer} local whose own slot is its capture and its flag (D30). */
    private final boolean[] ownStore;

    /** javac's try/finally shape, one a site, when the method has it (unconditional sites, D19 and D38), else {@code null}. */
    private final List<FinallyShape> finallyShapes;

    OpenCodedLowering(MethodNode method, List<ActionSite> sites, AbstractInsnNode bodyStart, FinalFields finalFields,
                      UnwindMethods unwinds) {
        this(method, sites, bodyStart, FinallyShape.of(method, sites, finalFields, unwinds));
    }

    private OpenCodedLowering(MethodNode method, List<ActionSite> sites, AbstractInsnNode bodyStart, List<FinallyShape> finallyShapes) {
        super(method, sites, bodyStart, finallyShapes == null);
        this.finallyShapes = finallyShapes;
        bits = new int[sites.size()];
        int bitCount = 0;
        for (int i = 0; i < sites.size(); i++) {
            bits[i] = finallyShapes != null || flaggedByCapture(sites.get(i)) ? -1 : bitCount++;
            marks.bit(sites.get(i), bits[i]);
        }
        masks = new int[(bitCount + BITS_PER_MASK - 1) / BITS_PER_MASK];
        for (int m = 0; m < masks.length; m++) {
            masks[m] = marks.local(LoweringMarks.Role.MASK, locals.add(Type.INT_TYPE));
        }
        captureSlots = new int[sites.size()][];
        ownStore = new boolean[sites.size()];
        for (int i = 0; i < sites.size(); i++) {
            List<Type> captures = sites.get(i).shape.captures();
            if (finallyShapes != null && finallyShapes.get(i).reusedSlots() != null) {
                captureSlots[i] = finallyShapes.get(i).reusedSlots();
                continue;
            }
            int own = finallyShapes == null && bits[i] < 0 ? storedOnlyThere(method, sites.get(i)) : -1;
            if (own >= 0) {
                captureSlots[i] = new int[] {own};
                ownStore[i] = true;
                continue;
            }
            captureSlots[i] = new int[captures.size()];
            for (int c = 0; c < captures.size(); c++) {
                captureSlots[i][c] = marks.local(LoweringMarks.Role.CAPTURE, locals.add(captures.get(c)));
            }
        }
    }

    @Override
    void lower() {
        if (finallyShapes == null) {
            super.lower();
            return;
        }
        // No prologue: only a handler reads the captures, and it covers only code after their store.
        // Inner sites first (D38): an outer site's copies go after theirs at each exit, and its handler
        // covers what they added, as javac's outer finally covers the inner one.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> -depth(finallyShapes.get(i))));
        keepReturnedValue();
        Set<AbstractInsnNode> recoveredReturns = new HashSet<>();
        finallyShapes.forEach(shape -> shape.shareRecoveredReturns(recoveredReturns));
        for (int i : order) {
            FinallyShape shape = finallyShapes.get(i);
            Set<AbstractInsnNode> before = new HashSet<>(Arrays.asList(method.instructions.toArray()));
            shape.lower(registration(sites.get(i), i), captureSlots[i], pending, marks, runtimeLoaded);
            Set<AbstractInsnNode> added = new HashSet<>(Arrays.asList(method.instructions.toArray()));
            added.removeAll(before);
            for (FinallyShape outer : finallyShapes) {
                if (outer.encloses(shape)) {
                    outer.coverInner(added);
                }
            }
        }
    }

    /**
     * S6 with nested sites (D38): an outer site's handler catches what an inner site's copy throws
     * at a return, and if it recovers, the method returns that return's value, which the copies
     * hold on the operand stack. So when an outer site may recover, each return after its
     * registration stores its value in a local first, initialized to the default on entry, and that
     * site's recovery returns it.
     */
    private void keepReturnedValue() {
        List<FinallyShape> recovering = new ArrayList<>();
        for (FinallyShape outer : finallyShapes) {
            if (outer.mayRecover() && finallyShapes.stream().anyMatch(outer::encloses)) {
                recovering.add(outer);
            }
        }
        if (recovering.isEmpty() || returnType.getSort() == Type.VOID) {
            return;
        }
        int slot = marks.local(LoweringMarks.Role.RESULT, locals.add(returnType));
        InsnList code = method.instructions;
        for (AbstractInsnNode insn : code.toArray()) {
            if (Bytecode.isReturn(insn.getOpcode()) && recovering.stream().anyMatch(shape -> shape.runsAfterRegistration(insn))) {
                InsnList keep = new InsnList();
                LabelNode from = marks.start(keep);
                keep.add(new InsnNode(returnType.getSize() == 2 ? Opcodes.DUP2 : Opcodes.DUP));
                keep.add(Locals.store(returnType, slot));
                marks.end(keep, LoweringMarks.Region.EXIT, from);
                code.insertBefore(insn, keep);
            }
        }
        InsnList init = new InsnList();
        LabelNode from = marks.start(init);
        init.add(Bytecode.pushDefault(returnType));
        init.add(Locals.store(returnType, slot));
        marks.end(init, LoweringMarks.Region.PROLOGUE, from);
        code.insert(init);
        recovering.forEach(shape -> shape.keepResultIn(slot));
    }

    /** How many sites {@code shape}'s site is inner to. */
    private int depth(FinallyShape shape) {
        int depth = 0;
        for (FinallyShape outer : finallyShapes) {
            depth += outer.encloses(shape) ? 1 : 0;
        }
        return depth;
    }

    /**
     * D30: the slot of a {@code @Defer} local that nothing else in the method writes and that holds
     * no parameter, or {@code -1}. The prologue sets it to {@code null}, so at every exit it holds
     * what the declaration stored, or {@code null} if the declaration did not run: the local is its
     * own capture and flag (S9: a null value registers nothing), and its store is the registration.
     */
    private static int storedOnlyThere(MethodNode method, ActionSite site) {
        if (site.kind != SiteKind.DEFER_LOCAL) {
            return -1;
        }
        VarInsnNode store = (VarInsnNode) site.anchor;
        int parameters = (Type.getArgumentsAndReturnSizes(method.desc) >> 2) - ((method.access & Opcodes.ACC_STATIC) != 0 ? 1 : 0);
        if (store.var < parameters) {
            return -1;
        }
        List<AbstractInsnNode> others = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn != store) {
                others.add(insn);
            }
        }
        return CaptureLocals.unwritten(store.var, site.shape.captures().get(0), others) ? store.var : -1;
    }

    @Override
    boolean registersByItsStore(int index) {
        return ownStore[index];
    }

    /**
     * Whether the site's first capture can stand for its bit. With a shared handler the flag must be
     * cleared before anything of the site's turn that may throw or skip, so that a restarted
     * epilogue does not do it again; a capture is only cleared as the call loads it, so a site with
     * work before its call keeps a bit then: an onError or onSuccess site (S3's check) and a site
     * whose action may {@code recover()} (the {@code Recovery.offer} hand-off, S5).
     */
    private boolean flaggedByCapture(ActionSite site) {
        boolean conditional = site.kind == SiteKind.ON_ERROR || site.kind == SiteKind.ON_SUCCESS;
        boolean offers = site.shape.recoverToken != null;
        return site.shape.registrationLeavesNonNullCapture() && !((conditional || offers) && sharesHandler());
    }

    /**
     * From this many sites on, reference captures start out with their own type. Starting as plain
     * {@code null}, each would change the type the catch-all handler sees when its registration is
     * met, and ASM's frame computation would walk the whole epilogue again each time: cubic in the
     * number of sites (400 sites took seconds). Below it, the 3 bytes of a {@code checkcast} per
     * capture are not worth it.
     */
    private static final int TYPED_CAPTURES_FROM = 16;

    @Override
    void emitPrologue(InsnList out) {
        // Every local the epilogue reads is assigned on entry, so the verifier sees one type for it
        // at the epilogue whatever path led there.
        for (int mask : masks) {
            out.add(new InsnNode(Opcodes.ICONST_0));
            out.add(Locals.store(Type.INT_TYPE, mask));
        }
        boolean typed = sites.size() >= TYPED_CAPTURES_FROM;
        for (int i = 0; i < sites.size(); i++) {
            List<Type> captures = sites.get(i).shape.captures();
            for (int c = 0; c < captures.size(); c++) {
                Type type = captures.get(c);
                out.add(Bytecode.pushDefault(type));
                if (typed && type.getSort() >= Type.ARRAY && !type.getInternalName().equals(JvmNames.OBJECT)) {
                    out.add(new TypeInsnNode(Opcodes.CHECKCAST, type.getInternalName()));
                }
                out.add(Locals.store(type, captureSlots[i][c]));
            }
        }
    }

    @Override
    InsnList registration(ActionSite site, int index) {
        // ..., c1, ..., cn -> ...   captures stored, bit set
        InsnList out = new InsnList();
        List<Type> captures = site.shape.captures();
        for (int c = captures.size() - 1; c >= 0; c--) {
            out.add(Locals.store(captures.get(c), captureSlots[index][c]));
        }
        int bit = bits[index];
        if (bit >= 0) {
            int mask = masks[bit / BITS_PER_MASK];
            LabelNode set = marks.start(out);
            out.add(Locals.load(Type.INT_TYPE, mask));
            out.add(Bytecode.pushInt(1 << (bit % BITS_PER_MASK)));
            out.add(new InsnNode(Opcodes.IOR));
            out.add(Locals.store(Type.INT_TYPE, mask));
            marks.end(out, LoweringMarks.Region.MASK, set);
        }
        return out;
    }

    /** Several actions share one handler: each clears its registration before its call, so a restart skips it. */
    @Override
    boolean sharesHandler() {
        return sites.size() >= 2;
    }

    @Override
    void emitEpilogue(InsnList out) {
        LabelNode actionsStart = new LabelNode();
        LabelNode actionsEnd = new LabelNode();
        out.add(actionsStart);
        for (int i = sites.size() - 1; i >= 0; i--) {
            ActionSite site = sites.get(i);
            LabelNode next = new LabelNode();
            List<Type> captures = site.shape.captures();
            int[] slots = captureSlots[i];
            int bit = bits[i];
            if (bit >= 0) {
                int mask = masks[bit / BITS_PER_MASK];
                LabelNode test = marks.start(out);
                out.add(Locals.load(Type.INT_TYPE, mask));
                out.add(Bytecode.pushInt(1 << (bit % BITS_PER_MASK)));
                out.add(new InsnNode(Opcodes.IAND));
                out.add(new JumpInsnNode(Opcodes.IFEQ, next));
                marks.end(out, LoweringMarks.Region.MASK, test);
                if (sharesHandler()) {
                    // mask ^= bit: done before the call, so that a restart after it throws skips it
                    LabelNode clear = marks.start(out);
                    out.add(Locals.load(Type.INT_TYPE, mask));
                    out.add(Bytecode.pushInt(1 << (bit % BITS_PER_MASK)));
                    out.add(new InsnNode(Opcodes.IXOR));
                    out.add(Locals.store(Type.INT_TYPE, mask));
                    marks.end(out, LoweringMarks.Region.MASK, clear);
                }
            } else {
                out.add(Locals.load(captures.get(0), slots[0]));
                out.add(new JumpInsnNode(Opcodes.IFNULL, next));
            }
            IntConsumer load = c -> out.add(Locals.load(captures.get(c), slots[c]));
            IntConsumer loadForCall = load;
            if (bit < 0 && sharesHandler()) {
                // ... -> ..., receiver   and its local cleared, so that a restart after the call throws skips it
                loadForCall = c -> {
                    out.add(Locals.load(captures.get(c), slots[c]));
                    if (c == 0) {
                        out.add(new InsnNode(Opcodes.ACONST_NULL));
                        out.add(Locals.store(captures.get(0), slots[0]));
                    }
                };
            }
            Handling handling = sharesHandler() ? Handling.SHARED : i == 0 ? Handling.OWN_LAST : Handling.OWN;
            emitGuardedCall(out, site, load, loadForCall, next, true, handling);
            out.add(next);
        }
        out.add(actionsEnd);
        if (sharesHandler()) {
            // The range holds flag tests and the calls; only the calls can throw.
            coverWithSharedHandler(actionsStart, actionsEnd);
        }
    }
}
