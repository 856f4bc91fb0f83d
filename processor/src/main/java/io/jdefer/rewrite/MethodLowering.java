package io.jdefer.rewrite;

import io.jdefer.plan.SiteKind;
import java.util.List;
import java.util.function.IntConsumer;
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
 * Rewrites one invocation scope so that every exit runs its registered actions (SPEC S2, S4, S6).
 * The shape, common to both strategies:
 *
 * <pre>
 *   prologue:  pending = null; result = default; (strategy's own locals)
 *   body:      javac's code; each registration replaced; each xRETURN -> xSTORE result; GOTO exit
 *   handler:   catch-all over the body, appended last so the user's handlers win: pending = thrown
 *   exit:      (strategy's epilogue: run the actions, last registered first; what an action throws
 *              is merged into pending by a handler, and the epilogue goes on)
 *              if (pending != null) throw pending; return result;
 *   handlers:  the actions' exception handlers, after the completion, off the normal path
 * </pre>
 *
 * Subclasses say how a registration keeps its captures and how the epilogue finds them. When the
 * strategy {@linkplain #sharesHandler() shares one handler}, that handler catches both the body and
 * every action: it merges into pending (for the body, {@code merge(null, t)} is {@code t}) and
 * restarts the epilogue at {@code exit}, where the actions that already ran test as not registered.
 */
abstract class MethodLowering {
    private static final Type THROWABLE = Type.getObjectType(JvmNames.THROWABLE);

    final MethodNode method;
    final List<ActionSite> sites;
    final Locals locals;
    final Type returnType;
    final LoweringMarks marks;
    /** The pending throwable P of SPEC S4. */
    final int pending;
    private final int result;
    private final AbstractInsnNode bodyStart;
    /** The exception handlers, placed after the completion so the normal path never jumps over them. */
    private final InsnList handlers = new InsnList();
    /** The handler shared by the body and the actions, when {@link #sharesHandler()}. */
    final LabelNode sharedHandler = new LabelNode();
    /** The start of the epilogue: where every exit goes, and where the shared handler restarts. */
    final LabelNode exit = new LabelNode();
    /** Whether the class's static initializer reads the runtime (D25): then the method does not (D17). */
    boolean runtimeLoaded;

    MethodLowering(MethodNode method, List<ActionSite> sites, AbstractInsnNode bodyStart) {
        this(method, sites, bodyStart, true);
    }

    /** {@code keepsResult}: whether returns store their value in a local (not when they return where they are). */
    MethodLowering(MethodNode method, List<ActionSite> sites, AbstractInsnNode bodyStart, boolean keepsResult) {
        this.method = method;
        this.sites = sites;
        this.locals = new Locals(method);
        this.marks = LoweringMarks.of(method);
        this.returnType = Type.getReturnType(method.desc);
        this.pending = marks.local(LoweringMarks.Role.PENDING, locals.add(THROWABLE));
        this.result = returnType.getSort() == Type.VOID || !keepsResult ? -1 : marks.local(LoweringMarks.Role.RESULT, locals.add(returnType));
        this.bodyStart = bodyStart;
    }

    /** The class's static initializer reads the runtime classes the handlers call (D25): the method need not. */
    void runtimeReadByInitializer() {
        runtimeLoaded = true;
    }

    /** Initializes the strategy's locals; runs before anything else in the method. */
    abstract void emitPrologue(InsnList out);

    /** Registration code for {@code site}: consumes its captures from the stack. */
    abstract InsnList registration(ActionSite site, int index);

    /** Runs the registered actions in reverse order; {@code pending} holds P. */
    abstract void emitEpilogue(InsnList out);

    /** Whether one handler serves the body and every action, restarting the epilogue at {@link #exit}. */
    abstract boolean sharesHandler();

    /** Whether site {@code index} is a {@code @Defer} local whose own store registers it: nothing is added there (D30). */
    boolean registersByItsStore(int index) {
        return false;
    }

    /** Rewrites the method; a strategy with a shape of its own for some methods overrides it. */
    void lower() {
        InsnList code = method.instructions;
        LabelNode start = new LabelNode();
        if (bodyStart == null) {
            code.insert(start);
        } else {
            code.insert(bodyStart, start);
        }
        for (int i = 0; i < sites.size(); i++) {
            ActionSite site = sites.get(i);
            InsnList registration = new InsnList();
            LabelNode from = new LabelNode();
            LabelNode to = new LabelNode();
            registration.add(from);
            if (site.shape.recoverToken != null && !runtimeLoaded) {
                // Recovery is initialized here, on the normal path, before this site's offer needs it on
                // the error path (see the prologue). JIT-compiled code folds the constant away.
                RuntimeLoad.read(registration, JvmNames.RECOVERY);
            }
            if (registersByItsStore(i)) {
                // the local's own store, which stays, is the whole registration (D30)
                code.insertBefore(site.anchor, registration);
                code.insert(site.anchor, to);
            } else {
                registration.add(registration(site, i));
                registration.add(to);
                site.replaceRegistration(code, registration);
            }
            marks.region(LoweringMarks.Region.REGISTRATION, site.checkStart != null ? site.checkStart : from,
                    site.checkEnd != null ? site.checkEnd : to, site);
        }
        // With a shared handler nothing stands between the body and the epilogue: a return that ends
        // the body falls into it.
        routeReturns(code, sharesHandler());

        LabelNode end = new LabelNode();
        InsnList tail = new InsnList();
        tail.add(end);
        LabelNode bodyHandler = sharedHandler;
        if (!sharesHandler()) {
            // handler: ..., thrown -> ...   pending = thrown, on into the epilogue
            bodyHandler = new LabelNode();
            tail.add(bodyHandler);
            tail.add(Locals.store(THROWABLE, pending));
        }
        tail.add(exit);
        emitEpilogue(tail);
        emitCompletion(tail);
        if (sharesHandler()) {
            // shared handler: ..., thrown -> ...   pending = merge(pending, thrown), restart the epilogue
            handlers.add(sharedHandler);
            emitMerge(handlers);
            handlers.add(new JumpInsnNode(Opcodes.GOTO, exit));
        }
        tail.add(handlers);
        LabelNode last = new LabelNode();
        tail.add(last);
        code.add(tail);
        method.tryCatchBlocks.add(new TryCatchBlockNode(start, end, bodyHandler, null));
        marks.region(LoweringMarks.Region.EPILOGUE, end, last);

        InsnList prologue = new InsnList();
        LabelNode prologueStart = new LabelNode();
        prologue.add(prologueStart);
        // pending = Deferrals.NONE (null): unless the class's initializer did (D25), this loads and
        // initializes the runtime on the normal path, before a handler can call Deferrals.merge. A
        // class first loaded while a StackOverflowError unwinds can fail to load for good (the class
        // path drops the jar it was opening; issue 14, D17). JIT-compiled code reads the constant null.
        prologue.add(runtimeLoaded ? new InsnNode(Opcodes.ACONST_NULL) : RuntimeLoad.constant(JvmNames.DEFERRALS));
        prologue.add(Locals.store(THROWABLE, pending));
        if (result >= 0) {
            prologue.add(Bytecode.pushDefault(returnType));
            prologue.add(Locals.store(returnType, result));
        }
        emitPrologue(prologue);
        LabelNode prologueEnd = new LabelNode();
        prologue.add(prologueEnd);
        code.insert(prologue);
        marks.region(LoweringMarks.Region.PROLOGUE, prologueStart, prologueEnd);
    }

    /**
     * Each {@code xRETURN} of the body becomes {@code xSTORE result; GOTO exit}; the jump is left out
     * for a return that ends the method's code when {@code fallsIntoExit}.
     */
    private void routeReturns(InsnList code, boolean fallsIntoExit) {
        AbstractInsnNode lastReal = code.getLast();
        while (lastReal != null && !Bytecode.isReal(lastReal)) {
            lastReal = lastReal.getPrevious();
        }
        for (AbstractInsnNode insn : code.toArray()) {
            if (!Bytecode.isReturn(insn.getOpcode())) {
                continue;
            }
            InsnList jump = new InsnList();
            LabelNode from = new LabelNode();
            LabelNode to = new LabelNode();
            jump.add(from);
            if (result >= 0) {
                jump.add(Locals.store(returnType, result));
            }
            if (!(fallsIntoExit && insn == lastReal)) {
                jump.add(new JumpInsnNode(Opcodes.GOTO, exit));
            }
            jump.add(to);
            code.insertBefore(insn, jump);
            code.remove(insn);
            marks.region(LoweringMarks.Region.EXIT, from, to);
        }
    }

    /** S6: throw what is pending, else return the result (the default value after a recovery). */
    private void emitCompletion(InsnList out) {
        LabelNode normal = new LabelNode();
        LabelNode test = marks.start(out);
        out.add(Locals.load(THROWABLE, pending));
        out.add(new JumpInsnNode(Opcodes.IFNULL, normal));
        marks.end(out, LoweringMarks.Region.PENDING_TEST, test);
        out.add(Locals.load(THROWABLE, pending));
        out.add(new InsnNode(Opcodes.ATHROW));
        out.add(normal);
        if (result >= 0) {
            out.add(Locals.load(returnType, result));
        }
        out.add(new InsnNode(returnType.getOpcode(Opcodes.IRETURN)));
    }

    /** How an action's exceptions are handled. */
    enum Handling {
        /** Its own handler merges and goes on to the next action. */
        OWN,
        /** Its own handler merges and throws: no action comes after it, so P is what completes the method. */
        OWN_LAST,
        /** The shared handler covers it (the lowering puts its range there); its registration was cleared before the call. */
        SHARED
    }

    /**
     * Emits the guarded call of one action at its turn: skipped by S3's rule when it is an onError
     * or onSuccess action, otherwise called so that what it throws is merged into P (S4) and the
     * epilogue goes on: by its own handler, which continues at {@code next}, or by the shared one.
     * {@code next} comes right after when {@code nextFollows}. An action whose method may
     * {@code recover()} gets P through {@code Recovery} around the call, only while P is set (S5),
     * and always has its own handler. {@code loadCapture} pushes a capture; {@code loadForCall}
     * pushes one for the call itself (it may also clear the site's registration). Stack: ... -> ...
     */
    final void emitGuardedCall(InsnList out, ActionSite site, IntConsumer loadCapture, IntConsumer loadForCall, LabelNode next,
                               boolean nextFollows, Handling handling) {
        int captures = site.shape.captures().size();
        Runnable loadCaptures = () -> {
            for (int c = 0; c < captures; c++) {
                loadForCall.accept(c);
            }
        };
        if (site.kind == SiteKind.ON_ERROR || site.kind == SiteKind.ON_SUCCESS) {
            LabelNode test = marks.start(out);
            out.add(Locals.load(THROWABLE, pending));
            out.add(new JumpInsnNode(site.kind == SiteKind.ON_ERROR ? Opcodes.IFNULL : Opcodes.IFNONNULL, next));
            marks.end(out, LoweringMarks.Region.PENDING_TEST, test);
        }
        String token = site.shape.recoverToken;
        if (token != null) {
            site.shape.emitOffer(out, pending, loadCapture, marks);
        }
        LabelNode tryStart = new LabelNode();
        LabelNode tryEnd = new LabelNode();
        out.add(tryStart);
        if (site.line > 0) {
            out.add(new LineNumberNode(site.line, tryStart));
        }
        if (site.shape.passesPending()) {
            // ... -> ..., P'  (the action takes P and returns what is left pending, S5)
            emitAction(out, site, () -> {
                loadCaptures.run();
                out.add(Locals.load(THROWABLE, pending));
            });
            out.add(Locals.store(THROWABLE, pending));
        } else {
            emitAction(out, site, loadCaptures);
        }
        out.add(tryEnd);
        if (token != null) {
            emitResult(out);
        }
        if (!nextFollows) {
            out.add(new JumpInsnNode(Opcodes.GOTO, next));
        }
        if (handling == Handling.SHARED && token == null) {
            return; // covered by the shared handler's one range (see coverWithSharedHandler)
        }
        // own handler: ..., thrown -> ...   pending = merge(pending, thrown), then on to the next action
        LabelNode catcher = new LabelNode();
        handlers.add(catcher);
        if (token != null) {
            // ..., thrown -> ...   pending = Recovery.finishThrown(pending, thrown): the offer's result, merged (S4, S5)
            marks.mergeCall(handlers, pending, JvmNames.RECOVERY, "finishThrown");
            handlers.add(Locals.store(THROWABLE, pending));
            handlers.add(new JumpInsnNode(Opcodes.GOTO, next));
        } else if (handling == Handling.OWN_LAST) {
            // ..., thrown -> throw merge(pending, thrown): non-null, and no action is left to run
            marks.mergeCall(handlers, pending, JvmNames.DEFERRALS, "merge");
            handlers.add(new InsnNode(Opcodes.ATHROW));
        } else {
            emitMerge(handlers);
            handlers.add(new JumpInsnNode(Opcodes.GOTO, next));
        }
        method.tryCatchBlocks.add(new TryCatchBlockNode(tryStart, tryEnd, catcher, null));
    }

    /**
     * Covers the epilogue's actions with the shared handler, in one exception-table entry: ASM's
     * frame computation visits every entry for every basic block, so one entry per action would make
     * it quadratic in the number of sites. Entries added earlier (actions with their own handler)
     * come first in the table and win.
     */
    final void coverWithSharedHandler(LabelNode from, LabelNode to) {
        method.tryCatchBlocks.add(new TryCatchBlockNode(from, to, sharedHandler, null));
    }

    /** ..., thrown -> ...   pending = merge(pending, thrown) */
    private void emitMerge(InsnList out) {
        marks.mergeCall(out, pending, JvmNames.DEFERRALS, "merge");
        out.add(Locals.store(THROWABLE, pending));
    }

    /** {@code P = Recovery.result(P)}, which is P itself when nothing was offered (P not set). Stack: ... -> ... */
    private void emitResult(InsnList out) {
        out.add(Locals.load(THROWABLE, pending));
        LabelNode result = marks.start(out);
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, JvmNames.RECOVERY, "result", "(Ljava/lang/Throwable;)Ljava/lang/Throwable;", false));
        marks.end(out, LoweringMarks.Region.RECOVER, result);
        out.add(Locals.store(THROWABLE, pending));
    }

    /**
     * {@link ActionShape#emitCall} of {@code site}, what it emits around {@code arguments} (the call
     * itself; {@code new; dup} of a constructor reference) marked as the site's action.
     */
    private void emitAction(InsnList out, ActionSite site, Runnable arguments) {
        LabelNode[] from = {marks.start(out)};
        site.shape.emitCall(out, () -> {
            marks.end(out, LoweringMarks.Region.ACTION, from[0], site);
            arguments.run();
            from[0] = marks.start(out);
        });
        marks.end(out, LoweringMarks.Region.ACTION, from[0], site);
    }
}
