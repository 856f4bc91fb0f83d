package io.jdefer.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.processor.DeferProcessor;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC C1, issue 14 item 7: no failure inside jdefer reaches javac, an {@link Error} included, and an
 * internal error carries its stack trace. The failure is injected where jdefer's GENERATE step calls
 * out (reading the class file back through the Filer) by a wrapped processing environment, as
 * IntelliJ and Gradle wrap it (C6); what it throws is what an overflow or a broken assertion in
 * jdefer's own code throws through the same frames.
 */
class InternalErrorTest {
    private static final String SOURCE = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            public class C {
                @Deferred
                static void run(Runnable r) { defer(r::run); }
            }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"StackOverflowError", "AssertionError"})
    void aThrowableInsideJdefer_isAnInternalErrorWithItsStackTrace_neverACompilerCrash_C1(String kind) {
        Supplier<Error> failure = kind.equals("AssertionError") ? () -> new AssertionError("have X, want Y") : StackOverflowError::new;
        Compilation c = Javac.javac().processor(new Wrapping(failure)).compile(SOURCE);
        assertFalse(c.success());
        List<String> errors = c.diagnostics(Diagnostic.Kind.ERROR).stream().map(d -> d.getMessage(Locale.ROOT)).toList();
        assertEquals(1, errors.size(), c.diagnosticsText());
        String error = errors.get(0);
        assertTrue(error.startsWith("[jdefer:INTERNAL] jdefer failed on t.C (java.lang." + kind), error);
        assertTrue(error.contains("\tat io.jdefer.processor.ClassFiles.read("), "the stack trace is in the report:\n" + error);
    }

    /** DeferProcessor in an environment whose Filer fails when jdefer reads a class file back. */
    private static final class Wrapping extends AbstractProcessor {
        private final DeferProcessor delegate = new DeferProcessor();
        private final Supplier<Error> failure;

        Wrapping(Supplier<Error> failure) {
            this.failure = failure;
        }

        @Override
        public synchronized void init(ProcessingEnvironment environment) {
            super.init(environment);
            delegate.init(new FailingEnvironment(environment, failure));
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            return delegate.process(annotations, round);
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return delegate.getSupportedAnnotationTypes();
        }

        @Override
        public Set<String> getSupportedOptions() {
            return delegate.getSupportedOptions();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return delegate.getSupportedSourceVersion();
        }
    }

    /** Delegates everything; its Filer throws the failure from {@code getResource}. */
    private static final class FailingEnvironment implements ProcessingEnvironment {
        private final ProcessingEnvironment delegate;
        private final Supplier<Error> failure;

        FailingEnvironment(ProcessingEnvironment delegate, Supplier<Error> failure) {
            this.delegate = delegate;
            this.failure = failure;
        }

        @Override
        public Map<String, String> getOptions() {
            return delegate.getOptions();
        }

        @Override
        public Messager getMessager() {
            return delegate.getMessager();
        }

        @Override
        public Filer getFiler() {
            Filer filer = delegate.getFiler();
            return new Filer() {
                @Override
                public JavaFileObject createSourceFile(CharSequence name, Element... originating) throws IOException {
                    return filer.createSourceFile(name, originating);
                }

                @Override
                public JavaFileObject createClassFile(CharSequence name, Element... originating) throws IOException {
                    return filer.createClassFile(name, originating);
                }

                @Override
                public FileObject createResource(JavaFileManager.Location location, CharSequence module, CharSequence name,
                                                 Element... originating) throws IOException {
                    return filer.createResource(location, module, name, originating);
                }

                @Override
                public FileObject getResource(JavaFileManager.Location location, CharSequence module, CharSequence name) {
                    throw failure.get();
                }
            };
        }

        @Override
        public Elements getElementUtils() {
            return delegate.getElementUtils();
        }

        @Override
        public Types getTypeUtils() {
            return delegate.getTypeUtils();
        }

        @Override
        public SourceVersion getSourceVersion() {
            return delegate.getSourceVersion();
        }

        @Override
        public Locale getLocale() {
            return delegate.getLocale();
        }
    }
}
