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
import org.objectweb.asm.tree.LdcInsnNode;
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
 *   handler:   catch-all over the body, appended last so the user's handlers win: ASTORE pending
 *   exit:      (strategy's epilogue: run the actions, last registered first, each in its own
 *              try/catch that merges what it throws into pending)
 *              if (pending != null) throw pending; return result;
 * </pre>
 *
 * Subclasses say how a registration keeps its captures and how the epilogue finds them.
 */
abstract class MethodLowering {
    final MethodNode method;
    final List<ActionSite> sites;
    final Locals locals;
    final Type returnType;
    final LoweringMarks marks;
    /** The pending throwable P of SPEC S4. */
    final int pending;
    private final int result;
    private final AbstractInsnNode bodyStart;
    /** The actions' exception handlers, placed after the completion so the normal path never jumps over them. */
    private final InsnList handlers = new InsnList();

    MethodLowering(MethodNode method, List<ActionSite> sites, AbstractInsnNode bodyStart) {
        this.method = method;
        this.sites = sites;
        this.locals = new Locals(method);
        this.marks = LoweringMarks.of(method);
        this.returnType = Type.getReturnType(method.desc);
        this.pending = marks.local(LoweringMarks.Role.PENDING, locals.add(Type.getObjectType(JvmNames.THROWABLE)));
        this.result = returnType.getSort() == Type.VOID ? -1 : marks.local(LoweringMarks.Role.RESULT, locals.add(returnType));
        this.bodyStart = bodyStart;
    }

    /** Initializes the strategy's locals; runs before anything else in the method. */
    abstract void emitPrologue(InsnList out);

    /** Registration code for {@code site}: consumes its captures from the stack. */
    abstract InsnList registration(ActionSite site, int index);

    /** Runs the registered actions in reverse order; {@code pending} holds P. */
    abstract void emitEpilogue(InsnList out);

    final void lower() {
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
            registration.add(registration(site, i));
            registration.add(to);
            site.replaceRegistration(code, registration);
            marks.region(LoweringMarks.Region.REGISTRATION, site.checkStart != null ? site.checkStart : from,
                    site.checkEnd != null ? site.checkEnd : to);
        }
        LabelNode exit = new LabelNode();
        routeReturns(code, exit);

        LabelNode end = new LabelNode();
        LabelNode handler = new LabelNode();
        InsnList tail = new InsnList();
        tail.add(end);
        tail.add(handler);
        tail.add(Locals.store(Type.getObjectType(JvmNames.THROWABLE), pending));
        tail.add(exit);
        emitEpilogue(tail);
        emitCompletion(tail);
        tail.add(handlers);
        LabelNode last = new LabelNode();
        tail.add(last);
        code.add(tail);
        method.tryCatchBlocks.add(new TryCatchBlockNode(start, end, handler, null));
        marks.region(LoweringMarks.Region.EPILOGUE, end, last);

        InsnList prologue = new InsnList();
        LabelNode prologueStart = new LabelNode();
        prologue.add(prologueStart);
        prologue.add(new InsnNode(Opcodes.ACONST_NULL));
        prologue.add(Locals.store(Type.getObjectType(JvmNames.THROWABLE), pending));
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


    /** Each {@code xRETURN} of the body becomes {@code xSTORE result; GOTO exit}. */
    private void routeReturns(InsnList code, LabelNode exit) {
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
            jump.add(new JumpInsnNode(Opcodes.GOTO, exit));
            jump.add(to);
            code.insertBefore(insn, jump);
            code.remove(insn);
            marks.region(LoweringMarks.Region.EXIT, from, to);
        }
    }

    /** S6: throw what is pending, else return the result (the default value after a recovery). */
    private void emitCompletion(InsnList out) {
        LabelNode normal = new LabelNode();
        out.add(Locals.load(Type.getObjectType(JvmNames.THROWABLE), pending));
        out.add(new JumpInsnNode(Opcodes.IFNULL, normal));
        out.add(Locals.load(Type.getObjectType(JvmNames.THROWABLE), pending));
        out.add(new InsnNode(Opcodes.ATHROW));
        out.add(normal);
        if (result >= 0) {
            out.add(Locals.load(returnType, result));
        }
        out.add(new InsnNode(returnType.getOpcode(Opcodes.IRETURN)));
    }

    /**
     * Emits the guarded call of one action at its turn: skipped by S3's rule when it is an onError
     * or onSuccess action, otherwise called inside a try/catch whose handler merges the exception
     * into P (S4) and goes on to {@code next}, which the caller places right after when
     * {@code nextFollows}; the handler itself is placed after the completion. An action whose method may {@code recover()} gets P through
     * {@code Recovery} around the call, only while P is set (S5). Stack: ... -> ...
     */
    final void emitGuardedCall(InsnList out, ActionSite site, IntConsumer loadCapture, LabelNode next, boolean nextFollows) {
        Type throwable = Type.getObjectType(JvmNames.THROWABLE);
        int captures = site.shape.captures().size();
        Runnable loadCaptures = () -> {
            for (int c = 0; c < captures; c++) {
                loadCapture.accept(c);
            }
        };
        if (site.kind == SiteKind.ON_ERROR || site.kind == SiteKind.ON_SUCCESS) {
            out.add(Locals.load(throwable, pending));
            out.add(new JumpInsnNode(site.kind == SiteKind.ON_ERROR ? Opcodes.IFNULL : Opcodes.IFNONNULL, next));
        }
        String token = site.shape.recoverToken;
        if (token != null) {
            // if (P != null) Recovery.offer(P, token, receiver)
            LabelNode call = new LabelNode();
            out.add(Locals.load(throwable, pending));
            out.add(new JumpInsnNode(Opcodes.IFNULL, call));
            out.add(Locals.load(throwable, pending));
            out.add(new LdcInsnNode(token));
            site.shape.emitReceiver(out, loadCapture);
            out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, JvmNames.RECOVERY, "offer",
                    "(Ljava/lang/Throwable;Ljava/lang/String;Ljava/lang/Object;)V", false));
            out.add(call);
        }
        LabelNode tryStart = new LabelNode();
        LabelNode tryEnd = new LabelNode();
        LabelNode catcher = new LabelNode();
        out.add(tryStart);
        if (site.line > 0) {
            out.add(new LineNumberNode(site.line, tryStart));
        }
        if (site.shape instanceof ActionShape.Direct && ((ActionShape.Direct) site.shape).passesPending) {
            // ... -> ..., P'  (the action takes P and returns what is left pending, S5)
            site.shape.emitCall(out, () -> {
                loadCaptures.run();
                out.add(Locals.load(throwable, pending));
            });
            out.add(Locals.store(throwable, pending));
        } else {
            site.shape.emitCall(out, loadCaptures);
        }
        out.add(tryEnd);
        if (token != null) {
            emitResult(out, next);
        }
        if (!nextFollows) {
            out.add(new JumpInsnNode(Opcodes.GOTO, next));
        }
        // handler: ..., thrown -> ...   pending = merge(pending, thrown), then on to the next action
        handlers.add(catcher);
        if (token != null) {
            LabelNode merge = new LabelNode();
            emitResult(handlers, merge);
            handlers.add(merge);
        }
        handlers.add(Locals.load(throwable, pending));
        handlers.add(new InsnNode(Opcodes.SWAP));
        handlers.add(new MethodInsnNode(Opcodes.INVOKESTATIC, JvmNames.DEFERRALS, "merge", JvmNames.MERGE_DESCRIPTOR, false));
        handlers.add(Locals.store(throwable, pending));
        handlers.add(new JumpInsnNode(Opcodes.GOTO, next));
        method.tryCatchBlocks.add(new TryCatchBlockNode(tryStart, tryEnd, catcher, null));
    }

    /** {@code if (P != null) P = Recovery.result(P);} then on to {@code after}. Stack: ... -> ... */
    private void emitResult(InsnList out, LabelNode after) {
        Type throwable = Type.getObjectType(JvmNames.THROWABLE);
        out.add(Locals.load(throwable, pending));
        out.add(new JumpInsnNode(Opcodes.IFNULL, after));
        out.add(Locals.load(throwable, pending));
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, JvmNames.RECOVERY, "result", "(Ljava/lang/Throwable;)Ljava/lang/Throwable;", false));
        out.add(Locals.store(throwable, pending));
    }
}
