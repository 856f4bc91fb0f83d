package io.jdefer.analysis;

import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;

/**
 * SPEC C1, S8: a registration ({@code defer}, {@code deferOnError}, {@code deferOnSuccess}, a
 * {@code @Defer} local) must stand in an invocation scope covered by {@code @Deferred}, after
 * {@code super(...)} in a constructor, and not in an initializer.
 */
final class ScopeCheck {
    private ScopeCheck() {}

    /** {@code what} names the registration in messages: {@code defer(...)}, {@code @Defer local `in`}. */
    static Finding check(String what, Context scope, boolean beforeSuper) {
        if (scope.kind == Context.Kind.INITIALIZER) {
            return new Finding(DiagnosticId.DEFER_IN_INITIALIZER, what + " in an initializer of `" + simpleName(scope.element)
                    + "`: an initializer is not an invocation that exits; move it into a constructor or method annotated with @Deferred");
        }
        if (scope.strategy == null) {
            return new Finding(DiagnosticId.OUTSIDE_SCOPE, what + " is outside a @Deferred scope, so its action would never run; annotate "
                    + target(scope) + " with @Deferred");
        }
        if (beforeSuper) {
            return new Finding(DiagnosticId.DEFER_BEFORE_SUPER, what + " before super(...) or this(...): the object is not initialized"
                    + " and the constructor's exit is not yet covered; move it after the super(...) or this(...) call");
        }
        return null;
    }

    private static String target(Context scope) {
        Element element = scope.element;
        if (element == null) {
            return "the enclosing method";
        }
        String where = scope.kind == Context.Kind.LAMBDA ? ", which holds this lambda," : "";
        if (element.getKind() == ElementKind.CONSTRUCTOR) {
            return "the constructor of `" + element.getEnclosingElement().getSimpleName() + "`" + where;
        }
        if (element.getKind() == ElementKind.METHOD) {
            return "method `" + element.getSimpleName() + "`" + where;
        }
        return "class `" + simpleName(element) + "`" + where;
    }

    static String simpleName(Element element) {
        if (element == null) {
            return "?";
        }
        while (element.getSimpleName().length() == 0 && element.getEnclosingElement() != null) {
            element = element.getEnclosingElement();
        }
        return element.getSimpleName().toString();
    }
}
