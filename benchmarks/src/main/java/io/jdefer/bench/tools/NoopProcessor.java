package io.jdefer.bench.tools;

import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * An annotation processor that does nothing for {@code @Deferred}: the cost javac itself pays for
 * running annotation processing at all, against which {@link CompileTime} sets jdefer's own cost.
 */
@SupportedAnnotationTypes("io.jdefer.Deferred")
public final class NoopProcessor extends AbstractProcessor {
    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        return false;
    }
}
