package io.jdefer.rewrite;

import io.jdefer.plan.ActionPlan;
import io.jdefer.plan.MethodRef;
import io.jdefer.plan.SitePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * How a registered action is called at exit, and which values a registration keeps for it until
 * then (its captures, in the order they were on the operand stack at the registration).
 */
abstract class ActionShape {
    /**
     * The name ({@code onExit}) under which the epilogue offers the pending throwable to the
     * action's method through {@code Recovery}, so that a {@code recover()} in it works (SPEC S5,
     * D3); {@code null} when the method cannot be one that claims it.
     */
    String recoverToken;

    /** The shape the emitters call a planned site's action through (SPEC C3). */
    static ActionShape of(SitePlan site) {
        ActionPlan action = site.action();
        MethodRef method = action.method();
        ActionShape shape;
        switch (action.kind()) {
            case LAMBDA_BODY:
            case METHOD_REFERENCE: {
                boolean passes = site.recover() == SitePlan.Recover.PASSES_PENDING;
                String descriptor = passes ? RecoveringAction.rewrittenDescriptor(method.descriptor()) : method.descriptor();
                List<Type> captures = new ArrayList<>();
                for (String capture : site.captures()) {
                    captures.add(Type.getType(capture));
                }
                Direct direct = new Direct(new Handle(action.handleTag(), method.owner(), method.name(), descriptor,
                        method.ownerIsInterface()), captures);
                direct.lambdaBody = action.kind() == ActionPlan.Kind.LAMBDA_BODY;
                direct.passesPending = passes;
                shape = direct;
                break;
            }
            case ACTION_OBJECT:
                shape = new ActionObject();
                break;
            default:
                shape = new LocalMethod(method, Type.getType(site.captures().get(0)).getInternalName(), action.cast(),
                        site.recover() == SitePlan.Recover.OFFERS);
        }
        shape.recoverToken = site.recover() == SitePlan.Recover.OFFERS ? method.name() : null;
        return shape;
    }

    /** The values kept between registration and exit. */
    abstract List<Type> captures();

    /**
     * Whether the first capture is a reference that cannot be null once the site has registered (a
     * receiver: javac null-checks a bound one, {@code this} never is; an {@code Action} object or a
     * {@code @Defer} local, which the registration checks). Such a site needs no mask bit: its
     * capture local, null until then, says whether it registered.
     */
    abstract boolean registrationLeavesNonNullCapture();

    /**
     * Emits the call: {@code loadCaptures} pushes all the captures in order; the emitted code leaves the
     * operand stack as it found it (a result is popped), except that an action that passes the
     * pending throwable leaves what is left pending.
     */
    abstract void emitCall(InsnList out, Runnable loadCaptures);

    /** What the dump and the verbose line call it: {@code lambda$run$0}, {@code Lock.unlock}... */
    abstract String describe();

    /** What {@link #emitCall} emits, exactly: two shapes with the same key emit the same instructions. */
    abstract String callKey();

    /** Whether the action is a lambda body of this class rewritten to take and return P (S5, {@link RecoveringAction}). */
    boolean passesPending() {
        return false;
    }

    /** Whether the action may clear P ({@code recover()}, S5): through the hand-off, or as a lambda body that takes it. */
    boolean mayRecover() {
        return recoverToken != null || passesPending();
    }

    /**
     * Pushes the address of the {@code recover()} hand-off: the object the action's method runs on
     * (the first capture; {@code null} for a static method), then the class where the call's
     * dispatch starts ({@code null}: the receiver's own class). ... -> ..., receiver, start
     */
    void emitOfferAddress(InsnList out, IntConsumer loadCapture) {
        loadCapture.accept(0);
        out.add(new InsnNode(Opcodes.ACONST_NULL));
    }

    /**
     * {@code Recovery.offer(P, name, receiver, start)}, for an action whose method may
     * {@code recover()} (S5, D3), marked as the hand-off; {@code Recovery} offers only while P is
     * set. Stack: ... -> ...
     */
    void emitOffer(InsnList out, int pending, IntConsumer loadCapture, LoweringMarks marks) {
        out.add(Locals.load(Type.getObjectType(JvmNames.THROWABLE), pending));
        out.add(new LdcInsnNode(recoverToken));
        emitOfferAddress(out, loadCapture);
        LabelNode offer = marks.start(out);
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, JvmNames.RECOVERY, "offer",
                "(Ljava/lang/Throwable;Ljava/lang/String;Ljava/lang/Object;Ljava/lang/Class;)V", false));
        marks.end(out, LoweringMarks.Region.RECOVER, offer);
    }

    static String simpleName(String owner, String method) {
        return owner.substring(owner.lastIndexOf('/') + 1) + "." + method;
    }

    /**
     * A lambda body or method reference: the {@code invokedynamic} is removed and its
     * implementation method is called directly with the captured arguments (SPEC C3).
     */
    static final class Direct extends ActionShape {
        Handle impl;
        private final List<Type> captures;
        /** Whether {@code impl} is a lambda body of this class (else a method reference's target). */
        boolean lambdaBody;
        /** Set when {@code impl} is a lambda body of this class rewritten to take and return the pending throwable. */
        boolean passesPending;

        Direct(Handle impl, List<Type> captures) {
            this.impl = impl;
            this.captures = List.copyOf(captures);
        }

        @Override
        List<Type> captures() {
            return captures;
        }

        @Override
        boolean registrationLeavesNonNullCapture() {
            int tag = impl.getTag();
            return tag == Opcodes.H_INVOKEVIRTUAL || tag == Opcodes.H_INVOKEINTERFACE || tag == Opcodes.H_INVOKESPECIAL;
        }

        @Override
        void emitCall(InsnList out, Runnable loadCaptures) {
            Type method = Type.getMethodType(impl.getDesc());
            switch (impl.getTag()) {
                case Opcodes.H_NEWINVOKESPECIAL:
                    out.add(new TypeInsnNode(Opcodes.NEW, impl.getOwner()));
                    out.add(new InsnNode(Opcodes.DUP));
                    loadCaptures.run();
                    out.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, impl.getOwner(), impl.getName(), impl.getDesc(), false));
                    out.add(new InsnNode(Opcodes.POP));
                    return;
                case Opcodes.H_INVOKESTATIC:
                    loadCaptures.run();
                    out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, impl.getOwner(), impl.getName(), impl.getDesc(), impl.isInterface()));
                    break;
                case Opcodes.H_INVOKESPECIAL:
                    loadCaptures.run();
                    out.add(new MethodInsnNode(Opcodes.INVOKESPECIAL, impl.getOwner(), impl.getName(), impl.getDesc(), impl.isInterface()));
                    break;
                case Opcodes.H_INVOKEINTERFACE:
                    loadCaptures.run();
                    out.add(new MethodInsnNode(Opcodes.INVOKEINTERFACE, impl.getOwner(), impl.getName(), impl.getDesc(), true));
                    break;
                case Opcodes.H_INVOKEVIRTUAL:
                    loadCaptures.run();
                    out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, impl.getOwner(), impl.getName(), impl.getDesc(), impl.isInterface()));
                    break;
                default:
                    throw new IllegalStateException("have method handle kind " + impl.getTag() + " for " + describe()
                            + ", want an invoke or newInvokeSpecial handle");
            }
            if (!passesPending) {
                Bytecode.pop(out, method.getReturnType());
            }
        }

        @Override
        String describe() {
            return simpleName(impl.getOwner(), impl.getName());
        }

        @Override
        String callKey() {
            return impl + (passesPending ? " passing P" : "");
        }

        @Override
        boolean passesPending() {
            return passesPending;
        }

        @Override
        void emitOfferAddress(InsnList out, IntConsumer loadCapture) {
            int tag = impl.getTag();
            if (tag == Opcodes.H_INVOKESTATIC) {
                out.add(new InsnNode(Opcodes.ACONST_NULL));
            } else {
                loadCapture.accept(0);
            }
            if (tag == Opcodes.H_INVOKESTATIC || tag == Opcodes.H_INVOKESPECIAL) {
                out.add(new LdcInsnNode(Type.getObjectType(impl.getOwner())));
            } else {
                out.add(new InsnNode(Opcodes.ACONST_NULL));
            }
        }
    }

    /** An existing {@code Action} object: kept as it is and its {@code run()} called (SPEC C3). */
    static final class ActionObject extends ActionShape {
        private static final List<Type> CAPTURES = List.of(Type.getObjectType(JvmNames.ACTION));

        @Override
        List<Type> captures() {
            return CAPTURES;
        }

        @Override
        boolean registrationLeavesNonNullCapture() {
            return true;
        }

        @Override
        void emitCall(InsnList out, Runnable loadCaptures) {
            loadCaptures.run();
            out.add(new MethodInsnNode(Opcodes.INVOKEINTERFACE, JvmNames.ACTION, "run", "()V", true));
        }

        @Override
        String describe() {
            return "Action.run";
        }

        @Override
        String callKey() {
            return JvmNames.ACTION + ".run()V";
        }
    }

    /**
     * A {@code @Defer} local: its no-argument method is called on the value stored (SPEC S9), cast
     * first to the bound that declares it when the local's type is a type variable with several.
     */
    static final class LocalMethod extends ActionShape {
        final MethodRef method;
        private final List<Type> captures;
        final boolean cast;
        /**
         * Whether the method may be a user's, which may {@code recover()} (D3): named through a type
         * outside the JDK on the local's type or on the static type of the value stored (D31).
         */
        final boolean userMethod;

        LocalMethod(MethodRef method, String localType, boolean cast, boolean userMethod) {
            this.method = method;
            this.captures = List.of(Type.getObjectType(localType));
            this.cast = cast;
            this.userMethod = userMethod;
        }

        @Override
        List<Type> captures() {
            return captures;
        }

        @Override
        boolean registrationLeavesNonNullCapture() {
            return true;
        }

        @Override
        void emitCall(InsnList out, Runnable loadCaptures) {
            loadCaptures.run();
            if (cast) {
                out.add(new TypeInsnNode(Opcodes.CHECKCAST, method.owner()));
            }
            int opcode = method.ownerIsInterface() ? Opcodes.INVOKEINTERFACE : Opcodes.INVOKEVIRTUAL;
            out.add(new MethodInsnNode(opcode, method.owner(), method.name(), method.descriptor(), method.ownerIsInterface()));
            Bytecode.pop(out, Type.getReturnType(method.descriptor()));
        }

        @Override
        String describe() {
            return simpleName(method.owner(), method.name());
        }

        @Override
        String callKey() {
            return method + (cast ? " cast" : "");
        }
    }
}
