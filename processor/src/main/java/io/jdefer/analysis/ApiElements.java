package io.jdefer.analysis;

import io.jdefer.plan.SiteKind;
import io.jdefer.plan.StrategyChoice;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/** Recognizes the jdefer API by symbol, by qualified name (the processor does not link against it). */
public final class ApiElements {
    static final String DEFERS = "io.jdefer.Defers";
    static final String DEFERRED = "io.jdefer.Deferred";
    static final String DEFER = "io.jdefer.Defer";

    private ApiElements() {}

    /** The kind of a {@code Defers.defer/deferOnError/deferOnSuccess} method, or {@code null}. */
    public static SiteKind registration(Element element) {
        if (!(element instanceof ExecutableElement) || !isMemberOfDefers(element)) {
            return null;
        }
        return SiteKind.ofMethod(element.getSimpleName().toString());
    }

    public static boolean isRecover(Element element) {
        return element instanceof ExecutableElement && isMemberOfDefers(element)
                && element.getSimpleName().contentEquals("recover");
    }

    private static boolean isMemberOfDefers(Element element) {
        Element owner = element.getEnclosingElement();
        return owner instanceof TypeElement && ((TypeElement) owner).getQualifiedName().contentEquals(DEFERS);
    }

    /** The strategy of the element's own {@code @Deferred}, or {@code null} when it has none. */
    public static StrategyChoice deferredStrategy(Element element) {
        for (AnnotationMirror annotation : element.getAnnotationMirrors()) {
            if (!qualifiedName(annotation).equals(DEFERRED)) {
                continue;
            }
            for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> value : annotation.getElementValues().entrySet()) {
                if (value.getKey().getSimpleName().contentEquals("value") && value.getValue().getValue() instanceof VariableElement) {
                    return StrategyChoice.named(((VariableElement) value.getValue().getValue()).getSimpleName().toString());
                }
            }
            return StrategyChoice.AUTO;
        }
        return null;
    }

    static String qualifiedName(AnnotationMirror annotation) {
        return ((TypeElement) annotation.getAnnotationType().asElement()).getQualifiedName().toString();
    }
}
