package io.jdefer.plan;

/**
 * What a site's action calls at exit (SPEC C3), as the JVM names it.
 *
 * @param kind what the action is
 * @param handleTag for a lambda body or method reference, the method handle kind
 *     ({@code Opcodes.H_INVOKESTATIC}...); {@code 0} otherwise
 * @param method the method called: the lambda body, the method-reference target, {@code Action.run},
 *     or the {@code @Defer} local's method
 * @param cast whether the stored value is cast to {@code method.owner()} first (a type variable
 *     with several bounds, D5)
 */
public record ActionPlan(Kind kind, int handleTag, MethodRef method, boolean cast) {
    public enum Kind {
        /** A lambda body of this class, called directly once its {@code invokedynamic} is gone. */
        LAMBDA_BODY,
        /** A method reference's target, called directly ({@code super::m} included). */
        METHOD_REFERENCE,
        /** An existing {@code Action} object, kept and run. */
        ACTION_OBJECT,
        /** A {@code @Defer} local's no-argument method, called on the stored value. */
        DEFER_LOCAL
    }

    public ActionPlan {
        if ((kind == Kind.LAMBDA_BODY || kind == Kind.METHOD_REFERENCE) != (handleTag != 0)) {
            throw new IllegalStateException("have " + kind + " with handle kind " + handleTag + ", want a handle exactly for a lambda"
                    + " body or method reference");
        }
        if (cast && kind != Kind.DEFER_LOCAL) {
            throw new IllegalStateException("have a cast for " + kind + ", want casts only for @Defer locals");
        }
    }

    @Override
    public String toString() {
        String simple = method.owner().substring(method.owner().lastIndexOf('/') + 1) + "." + method.name() + method.descriptor();
        switch (kind) {
            case LAMBDA_BODY:
                return "lambda body " + simple;
            case METHOD_REFERENCE:
                return (handleTag == 7 ? "super call " : "reference ") + simple;
            case ACTION_OBJECT:
                return "Action object";
            default:
                return (cast ? "(cast) " : "") + simple;
        }
    }
}
