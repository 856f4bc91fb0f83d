package io.jdefer.analysis;

import io.jdefer.plan.SiteKind;

/**
 * SPEC S5, C1: {@code recover()} only recovers when called directly in the body of a running
 * deferred action: a lambda passed directly to {@code defer(...)}, or a {@code @Deferred}-scope
 * method without parameters (so it can be an action's method-reference target). Anywhere else it
 * always returns {@code null}: a warning, since that is almost surely a mistake.
 */
final class RecoverCheck {
    private RecoverCheck() {}

    static Finding check(Context scope, boolean methodTakesParameters) {
        if (scope.kind == Context.Kind.LAMBDA && scope.action == SiteKind.ON_SUCCESS) {
            return new Finding(DiagnosticId.RECOVER_NEVER, "recover() in a deferOnSuccess action can never recover and always returns"
                    + " null: that action runs only when nothing is pending; recover in a defer(...) or deferOnError(...) action");
        }
        if (scope.kind == Context.Kind.LAMBDA && scope.action != null) {
            return null;
        }
        if (scope.kind == Context.Kind.METHOD && scope.strategy != null && !methodTakesParameters) {
            return null;
        }
        return new Finding(DiagnosticId.RECOVER_NEVER, "recover() here can never recover and always returns null: it only works"
                + " directly in the body of a deferred action, a lambda passed to defer(...) or a parameterless @Deferred method"
                + " used as defer(this::method); move it into the action");
    }
}
