package io.jdefer.rewrite;

import io.jdefer.plan.SiteKind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * javac's own shape for {@code try}/{@code finally} ({@code Gen.genTry}), for the most common
 * open-coded method (SPEC C3, section 7 "the same shape for one unconditional site"): one site,
 * and no instruction that runs after its registration can also run without it. Then the action
 * needs no flag and no shared epilogue: it is copied onto each exit that follows the
 * registration, right before the {@code xRETURN} (the returned value stays on the operand stack,
 * where javac spills it to a local), and one catch-all handler over the code after the
 * registration runs it once more for the exceptional exits:
 *
 * <pre>
 *   registration:  captures stored in their locals
 *   each return:   action(captures); xRETURN                        (a gap in every handler's range)
 *   handler:       P = thrown; action(captures); throw P
 *                  (what the action throws: throw merge(P, it), S4)
 * </pre>
 *
 * A return before the registration, or an exception thrown before it, leaves as javac wrote it. An
 * action that throws on a normal exit leaves the method with what it threw, which is S4 with
 * nothing pending. An action that may {@code recover()} (S5) needs P only in the handler: on a
 * normal exit nothing is pending, so the copies neither offer nor test. {@code deferOnSuccess} gets only the copies, {@code deferOnError} only the
 * handler (S3). Several unconditional sites nest as javac's nested {@code try} blocks (D38): the
 * caller lowers the inner ones first, and tells each outer one what they added
 * ({@link #coverInner}), which its handler covers and whose returns get its copies after theirs.
 * A method that does not fit is left to the mask-and-epilogue lowering, one named gate per reason
 * in {@link #of}. Over 300 lines: one shape, its gates, copies, ranges and both handlers, which
 * share the site's capture loads.
 */
final class FinallyShape {
    private final MethodNode method;
    private final ActionSite site;
    /** Instructions of javac's code that run only after the registration. */
    private final Set<AbstractInsnNode> after;
    /** Instructions of javac's code that run without the registration before them. */
    private final Set<AbstractInsnNode> before;
    /** Every instruction javac wrote; the rest is jdefer's. */
    private final Set<AbstractInsnNode> original;

    /** The user's locals that stand for the captures, or {@code null}. */
    private final CaptureLocals reused;
    /** The class's out-of-line exceptional exits (D37). */
    private final UnwindMethods unwinds;
    /** What the lowering of the sites registered after this one added (D38): it runs after this registration too. */
    private final Set<AbstractInsnNode> inner = new HashSet<>();
    /** The local {@link #keepResultIn} names, or {@code -1}. */
    private int result = -1;
    /** The returns of the handlers that recovered, of this site and of those around it ({@link #shareRecoveredReturns}). */
    private Set<AbstractInsnNode> recoveredReturns = new HashSet<>();

    private FinallyShape(MethodNode method, ActionSite site, Set<AbstractInsnNode> after, Set<AbstractInsnNode> before,
                         Set<AbstractInsnNode> original, CaptureLocals reused, UnwindMethods unwinds) {
        this.method = method;
        this.unwinds = unwinds;
        this.reused = reused;
        this.site = site;
        this.after = after;
        this.before = before;
        this.original = original;
    }

    /**
     * The shapes for {@code sites} in {@code method}, one a site, or {@code null} when a gate says no
     * for one of them. Several sites nest as javac's nested {@code try}/{@code finally} blocks do (D38):
     * a site registered after another is inner to it.
     */
    static List<FinallyShape> of(MethodNode method, List<ActionSite> sites, FinalFields finalFields, UnwindMethods unwinds) {
        if (sites.size() > MAX_NESTED_SITES) {
            return null; // Gate: each level's handler covers the code of the levels inside it, which frame computation walks once a level.
        }
        ControlFlow flow = ControlFlow.of(method);
        List<FinallyShape> shapes = new ArrayList<>();
        int copies = 0;
        for (ActionSite site : sites) {
            FinallyShape shape = of(method, flow, site, finalFields, unwinds);
            if (shape == null) {
                return null;
            }
            shapes.add(shape);
            for (AbstractInsnNode insn : shape.after) {
                copies += Bytecode.isReturn(insn.getOpcode()) ? 1 : 0;
            }
        }
        if (sites.size() > 1 && copies > MAX_COPIES_PER_SITE * sites.size()) {
            return null; // Gate: so many exits that one shared epilogue is smaller than a copy of each action at each.
        }
        return shapes;
    }

    /**
     * D38's bound on the copies of several sites, on average per site: a copy costs about the
     * action's call (5 bytes), a turn of the shared epilogue about 30 (prologue, bit, test, call,
     * handler).
     */
    static final int MAX_COPIES_PER_SITE = 4;

    /** D38: above this many sites the shared epilogue, whose one handler covers the body once. */
    static final int MAX_NESTED_SITES = 16;

    /** Whether {@code other}'s registration runs only after this one's: {@code other} is inner to it. */
    boolean encloses(FinallyShape other) {
        return other != this && after.contains(other.site.anchor);
    }

    /** Code that an inner site's lowering added, which runs after this registration (D38). */
    void coverInner(Set<AbstractInsnNode> added) {
        inner.addAll(added);
    }

    /**
     * D38, S6: the local that holds the value being returned while the copies run (the default
     * until a return stores it), for this site's recovery to return; only where a site inside this
     * one has copies that may throw into this one's handler.
     */
    void keepResultIn(int slot) {
        result = slot;
    }

    /**
     * D38: the set, shared by the method's nested sites, of the returns their handlers make after a
     * recovery. An outer site turns each into a jump to its copy at a return of the body, which
     * runs the copies of the sites around it as that return does, rather than copying its action there too.
     */
    void shareRecoveredReturns(Set<AbstractInsnNode> returns) {
        recoveredReturns = returns;
    }

    /** Whether the action may clear P ({@code recover()}, S5): then its handler returns a value of its own. */
    boolean mayRecover() {
        return site.shape.mayRecover();
    }

    /** Whether javac's instruction {@code insn} runs only after this site's registration. */
    boolean runsAfterRegistration(AbstractInsnNode insn) {
        return after.contains(insn);
    }

    private boolean runsAfter(AbstractInsnNode insn) {
        return after.contains(insn) || inner.contains(insn);
    }

    private static FinallyShape of(MethodNode method, ControlFlow flow, ActionSite site, FinalFields finalFields,
                                   UnwindMethods unwinds) {
        InsnList code = method.instructions;
        int anchor = code.indexOf(site.anchor);
        BitSet without = flow.reachableAvoiding(0, anchor);
        BitSet with = flow.reachableFrom(anchor);
        with.clear(anchor);
        if (with.intersects(without)) {
            return null; // Gate: some code runs both with the action registered and without it (a conditional site).
        }
        Set<AbstractInsnNode> after = new HashSet<>();
        Set<AbstractInsnNode> before = new HashSet<>();
        Set<AbstractInsnNode> original = new HashSet<>();
        for (int i = 0; i < code.size(); i++) {
            AbstractInsnNode insn = code.get(i);
            original.add(insn);
            if (with.get(i)) {
                after.add(insn);
            } else if (without.get(i)) {
                before.add(insn);
            }
        }
        return new FinallyShape(method, site, after, before, original, CaptureLocals.find(method, site, after, finalFields),
                unwinds);
    }

    /**
     * The user's locals the captures were loaded from, when they can stand for the captures (see
     * {@link CaptureLocals}); {@code null} when the captures get locals of their own.
     */
    int[] reusedSlots() {
        return reused == null ? null : reused.slots;
    }

    /**
     * Lowers the method: {@code registration} replaces the site's call, {@code slots} hold its
     * captures, {@code pending} holds P in the handler.
     */
    void lower(InsnList registration, int[] slots, int pending, LoweringMarks marks, boolean runtimeLoaded) {
        InsnList code = method.instructions;
        if (reused != null) {
            // the loads of the captures go, and so does the registration: the locals hold them already
            reused.removeLoads(code);
            registration = new InsnList();
        }
        boolean local = site.kind == SiteKind.DEFER_LOCAL;
        if (local && reused == null) {
            // ..., value -> ..., value   kept, null or not: each exit tests it (S9), as javac's try-with-resources does
            registration.insert(new InsnNode(Opcodes.DUP));
        }
        if ((site.kind != SiteKind.ON_SUCCESS || site.shape.passesPending()) && !runtimeLoaded) {
            // The runtime class the handler calls is initialized here, on the normal path (D17),
            // unless the class's initializer did (D25).
            RuntimeLoad.read(registration, site.shape.recoverToken != null ? JvmNames.RECOVERY : JvmNames.DEFERRALS);
        }
        LabelNode from = new LabelNode();
        LabelNode to = new LabelNode();
        registration.insert(from);
        registration.add(to);
        if (local) {
            code.insertBefore(site.anchor, registration); // before the local's own store, which stays
        } else {
            site.replaceRegistration(code, registration);
        }
        marks.region(LoweringMarks.Region.REGISTRATION, site.checkStart != null ? site.checkStart : from,
                site.checkEnd != null ? site.checkEnd : to);

        List<LabelNode[]> gaps = new ArrayList<>();
        LabelNode bodysCopy = null;
        for (AbstractInsnNode insn : code.toArray()) {
            if (!Bytecode.isReturn(insn.getOpcode()) || !runsAfter(insn)) {
                continue;
            }
            if (bodysCopy != null && recoveredReturns.remove(insn)) {
                // ..., value -> (leaves)   an inner site recovered: out through a return's copies of this site and the outer ones
                code.set(insn, new JumpInsnNode(Opcodes.GOTO, bodysCopy));
                continue;
            }
            // ..., value -> ..., value   the action's call, under the value being returned
            LabelNode gapStart = new LabelNode();
            if (bodysCopy == null && !recoveredReturns.contains(insn)) {
                bodysCopy = gapStart;
            }
            LabelNode copyEnd = new LabelNode();
            LabelNode gapEnd = new LabelNode();
            InsnList copy = new InsnList();
            copy.add(gapStart);
            if (site.kind != SiteKind.ON_ERROR) {
                // nothing is pending here, so nothing is offered (S5: recover() returns null)
                LabelNode skip = skipIfNull(copy, slots);
                emitCall(copy, slots, -1, marks);
                if (skip != null) {
                    copy.add(skip);
                }
                if (site.shape.passesPending()) {
                    throwWhatIsLeft(copy); // what the action left pending (it threw) is thrown
                }
                int returnLine = Bytecode.lineOf(insn);
                copy.add(copyEnd);
                if (returnLine > 0 && site.line > 0) {
                    copy.add(new LineNumberNode(returnLine, copyEnd));
                }
            } else {
                copy.add(copyEnd);
            }
            if (site.kind != SiteKind.ON_ERROR && site.line > 0) {
                // javac's line entry right at the return would share the call's pc: it moves after the copy
                List<AbstractInsnNode> lines = new ArrayList<>();
                for (AbstractInsnNode at = insn.getPrevious(); at != null && !Bytecode.isReal(at); at = at.getPrevious()) {
                    if (at instanceof LineNumberNode) {
                        lines.add(at);
                    }
                }
                lines.forEach(code::remove);
            }
            code.insertBefore(insn, copy);
            code.insert(insn, gapEnd);
            marks.region(LoweringMarks.Region.EXIT, gapStart, copyEnd);
            gaps.add(new LabelNode[] {gapStart, gapEnd});
        }
        HandlerGaps.cut(method, gaps);
        if (site.kind == SiteKind.ON_SUCCESS) {
            return; // S3: nothing runs on an exceptional exit
        }
        LabelNode handler = new LabelNode();
        List<TryCatchBlockNode> ranges = ranges(handler);
        if (ranges.isEmpty()) {
            return; // nothing after the registration can throw
        }
        method.tryCatchBlocks.addAll(ranges);
        if (unwinds.fits(site)) {
            code.add(unwindHandler(handler, slots, marks));
        } else {
            code.add(handler(handler, slots, pending, marks));
        }
    }

    /**
     * The catch-all handler of D37, the action out of line ({@link UnwindMethods}): {@code ..., thrown -> (leaves)}
     * <pre>
     *   throw unwind(thrown, captures)
     *   unwind(thrown, captures); return default        an action that may recover(): it threw, or P was recovered
     * </pre>
     */
    private InsnList unwindHandler(LabelNode handler, int[] slots, LoweringMarks marks) {
        InsnList out = new InsnList();
        LabelNode end = new LabelNode();
        out.add(handler);
        atSiteLine(out);
        for (int c = 0; c < site.shape.captures().size(); c++) {
            loadCapture(out, slots, c);
        }
        LabelNode from = marks.start(out);
        out.add(unwinds.call(site));
        marks.end(out, LoweringMarks.Region.ACTION, from, site);
        if (mayRecover()) {
            returnAfterRecovery(out); // S6: it returned, so the action recovered P
        } else {
            out.add(new InsnNode(Opcodes.ATHROW));
        }
        out.add(end);
        marks.region(LoweringMarks.Region.EPILOGUE, handler, end);
        return out;
    }

    /**
     * The catch-all handler: {@code ..., thrown -> (leaves)}
     * <pre>
     *   P = thrown; action(captures); throw P
     *   P = thrown; offer(P, target); action(captures); Recovery.finish(P); return default
     *   P = thrown; P = action(captures, P); if (P != null) throw P; return default
     *   (what the action throws: throw merge(P, it), or Recovery.finishThrown(P, it) after an offer)
     * </pre>
     * A target that may {@code recover()} is offered P (S5); when it clears P the method returns the
     * default value of its return type (S6).
     */
    private InsnList handler(LabelNode handler, int[] slots, int pending, LoweringMarks marks) {
        Type throwable = Type.getObjectType(JvmNames.THROWABLE);
        String token = site.shape.recoverToken;
        InsnList out = new InsnList();
        LabelNode end = new LabelNode();
        out.add(handler);
        out.add(Locals.store(throwable, pending));
        LabelNode rethrow = skipIfNull(out, slots);
        if (token != null) {
            site.shape.emitOffer(out, pending, c -> loadCapture(out, slots, c), marks);
        }
        LabelNode callStart = new LabelNode();
        LabelNode callEnd = new LabelNode();
        out.add(callStart);
        emitCall(out, slots, pending, marks);
        out.add(callEnd);
        if (site.shape.passesPending()) {
            throwWhatIsLeft(out);
            returnAfterRecovery(out);
        } else if (token != null) {
            out.add(Locals.load(throwable, pending));
            LabelNode finish = marks.start(out);
            out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, JvmNames.RECOVERY, "finish", "(Ljava/lang/Throwable;)V", false));
            marks.end(out, LoweringMarks.Region.RECOVER, finish);
            returnAfterRecovery(out);
            if (rethrow != null) {
                // a null @Defer local: nothing to offer or run, P leaves as it is
                out.add(rethrow);
                out.add(Locals.load(throwable, pending));
                out.add(new InsnNode(Opcodes.ATHROW));
            }
        } else {
            if (rethrow != null) {
                out.add(rethrow);
            }
            out.add(Locals.load(throwable, pending));
            out.add(new InsnNode(Opcodes.ATHROW));
        }
        // the action's handler: ..., thrown -> (leaves)   throw merge(P, thrown)
        LabelNode merge = new LabelNode();
        out.add(merge);
        if (token != null) {
            marks.mergeCall(out, pending, JvmNames.RECOVERY, "finishThrown");
        } else {
            marks.mergeCall(out, pending, JvmNames.DEFERRALS, "merge");
        }
        out.add(new InsnNode(Opcodes.ATHROW));
        out.add(end);
        method.tryCatchBlocks.add(new TryCatchBlockNode(callStart, callEnd, merge, null));
        marks.region(LoweringMarks.Region.EPILOGUE, handler, end);
        return out;
    }

    /**
     * For a {@code @Defer} local, {@code ... -> ...}: jumps to the label returned, which the caller
     * places after the action, when the local is null (S9: it registered nothing); otherwise {@code null}.
     */
    private LabelNode skipIfNull(InsnList out, int[] slots) {
        if (site.kind != SiteKind.DEFER_LOCAL) {
            return null;
        }
        LabelNode skip = new LabelNode();
        loadCapture(out, slots, 0);
        out.add(new JumpInsnNode(Opcodes.IFNULL, skip));
        return skip;
    }

    /** ... -> ..., capture {@code c}: from its local, or from the final field it was read from (D27). */
    private void loadCapture(InsnList out, int[] slots, int c) {
        Type type = site.shape.captures().get(c);
        if (reused != null) {
            reused.load(out, type, c);
        } else {
            out.add(Locals.load(type, slots[c]));
        }
    }

    /** ..., left -> ...   throws what an action that takes P left pending, unless it is {@code null}. */
    static void throwWhatIsLeft(InsnList out) {
        LabelNode none = new LabelNode();
        out.add(new InsnNode(Opcodes.DUP));
        out.add(new JumpInsnNode(Opcodes.IFNULL, none));
        out.add(new InsnNode(Opcodes.ATHROW));
        out.add(none);
        out.add(new InsnNode(Opcodes.POP));
    }

    /**
     * ... -> (leaves)   S6: after a recovery, the value of the return that was leaving when an inner
     * site's copy threw ({@link #keepResultIn}), else the default value of the method's return type.
     */
    private void returnAfterRecovery(InsnList out) {
        Type returnType = Type.getReturnType(method.desc);
        if (returnType.getSort() != Type.VOID) {
            out.add(result >= 0 ? Locals.load(returnType, result) : Bytecode.pushDefault(returnType));
        }
        InsnNode exit = new InsnNode(returnType.getOpcode(Opcodes.IRETURN));
        out.add(exit);
        recoveredReturns.add(exit);
    }

    /** A line entry for the site's line at the end of {@code out}, so that what follows reports the {@code defer}'s line. */
    private void atSiteLine(InsnList out) {
        LabelNode line = new LabelNode();
        out.add(line);
        if (site.line > 0) {
            out.add(new LineNumberNode(site.line, line));
        }
    }

    /**
     * ... -> ...   the action, called directly with its captures, at the site's line; an action that
     * takes P gets it from {@code pending} ({@code null} when negative) and leaves what it returns.
     */
    private void emitCall(InsnList out, int[] slots, int pending, LoweringMarks marks) {
        List<Type> captures = site.shape.captures();
        atSiteLine(out);
        // marked as the site's action around its arguments (the call; new; dup of a constructor reference)
        LabelNode[] from = {marks.start(out)};
        site.shape.emitCall(out, () -> {
            marks.end(out, LoweringMarks.Region.ACTION, from[0], site);
            for (int c = 0; c < captures.size(); c++) {
                loadCapture(out, slots, c);
            }
            if (site.shape.passesPending()) {
                out.add(pending < 0 ? new InsnNode(Opcodes.ACONST_NULL) : Locals.load(Type.getObjectType(JvmNames.THROWABLE), pending));
            }
            from[0] = marks.start(out);
        });
        marks.end(out, LoweringMarks.Region.ACTION, from[0], site);
    }

    /**
     * The catch-all's ranges: the runs of javac's instructions that run only after the
     * registration, returns and copies left out. Unreachable code neither starts nor ends a run.
     */
    private List<TryCatchBlockNode> ranges(LabelNode handler) {
        InsnList code = method.instructions;
        List<TryCatchBlockNode> ranges = new ArrayList<>();
        LabelNode start = null;
        AbstractInsnNode last = null;
        for (AbstractInsnNode insn : code.toArray()) {
            if (!Bytecode.isReal(insn)) {
                continue;
            }
            boolean covered = runsAfter(insn) && !Bytecode.isReturn(insn.getOpcode());
            boolean uncovered = !covered && (before.contains(insn) || after.contains(insn) || !original.contains(insn));
            if (covered) {
                if (start == null) {
                    start = new LabelNode();
                    code.insertBefore(insn, start);
                }
                last = insn;
            } else if (uncovered && start != null) {
                ranges.add(close(code, start, last, handler));
                start = null;
            }
        }
        if (start != null) {
            ranges.add(close(code, start, last, handler));
        }
        return ranges;
    }

    private static TryCatchBlockNode close(InsnList code, LabelNode start, AbstractInsnNode last, LabelNode handler) {
        LabelNode end = new LabelNode();
        code.insert(last, end);
        return new TryCatchBlockNode(start, end, handler, null);
    }
}
