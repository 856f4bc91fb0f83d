package io.jdefer.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdefer.processor.DeferProcessor;
import io.jdefer.testing.Bytecodes;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import io.jdefer.testing.Trace;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC C6: where the processor runs: wrapped environments, concurrent compilations, release levels. */
class EnvironmentTest {
    static final String SOURCE = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;
            public class Env {
                @Deferred
                static int run(int n) {
                    defer(() -> Trace.log("exit " + n));
                    for (int i = 0; i < n; i++) { int k = i; defer(() -> Trace.log("loop " + k)); }
                    return n;
                }
            }
            """;

    /** A wrapper like Gradle's incremental-processing environment: a class holding a delegate. */
    static final class DelegatingEnvironment implements ProcessingEnvironment {
        private final ProcessingEnvironment delegate;

        DelegatingEnvironment(ProcessingEnvironment delegate) {
            this.delegate = delegate;
        }

        @Override public Map<String, String> getOptions() { return delegate.getOptions(); }
        @Override public Messager getMessager() { return delegate.getMessager(); }
        @Override public Filer getFiler() { return delegate.getFiler(); }
        @Override public Elements getElementUtils() { return delegate.getElementUtils(); }
        @Override public Types getTypeUtils() { return delegate.getTypeUtils(); }
        @Override public SourceVersion getSourceVersion() { return delegate.getSourceVersion(); }
        @Override public Locale getLocale() { return delegate.getLocale(); }
    }

    /** Runs {@link DeferProcessor} behind a wrapped environment, as a build tool would. */
    static final class WrappingProcessor implements Processor {
        private final DeferProcessor inner = new DeferProcessor();
        private final boolean proxy;

        WrappingProcessor(boolean proxy) {
            this.proxy = proxy;
        }

        @Override public Set<String> getSupportedOptions() { return inner.getSupportedOptions(); }
        @Override public Set<String> getSupportedAnnotationTypes() { return inner.getSupportedAnnotationTypes(); }
        @Override public SourceVersion getSupportedSourceVersion() { return inner.getSupportedSourceVersion(); }
        @Override public Iterable<? extends javax.annotation.processing.Completion> getCompletions(javax.lang.model.element.Element e,
                javax.lang.model.element.AnnotationMirror a, javax.lang.model.element.ExecutableElement m, String t) {
            return List.of();
        }

        @Override
        public void init(ProcessingEnvironment environment) {
            ProcessingEnvironment wrapped = proxy
                    ? (ProcessingEnvironment) Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {ProcessingEnvironment.class}, new Handler(environment))
                    : new DelegatingEnvironment(environment);
            inner.init(wrapped);
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            return inner.process(annotations, round);
        }
    }

    /** A dynamic proxy's handler, like IntelliJ's. */
    static final class Handler implements java.lang.reflect.InvocationHandler {
        private final ProcessingEnvironment target;

        Handler(ProcessingEnvironment target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) throws Throwable {
            return method.invoke(target, args);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aWrappedProcessingEnvironment_isUnwrapped_C6(boolean proxy) throws Throwable {
        Compilation c = Javac.javac().processor(new WrappingProcessor(proxy)).compile(SOURCE).assertSuccess().assertVerifies();
        assertEquals(List.of(), Bytecodes.callsTo(Bytecodes.method(c.bytes("t.Env"), "run"), "io/jdefer/Defers"));
        Trace.take();
        assertEquals(2, c.call("t.Env", "run", 2));
        assertEquals(List.of("loop 1", "loop 0", "exit 2"), Trace.take());
    }

    @Test
    void concurrentCompilationsInOneJvm_areIndependent_C6() throws Throwable {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Compilation>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String variant = SOURCE.replace("class Env", "class Env" + i).replace("\"exit \"", "\"exit" + i + " \"");
                runs.add(pool.submit(() -> Javac.javac().compile(variant).assertSuccess()));
            }
            for (int i = 0; i < runs.size(); i++) {
                Compilation c = runs.get(i).get();
                Trace.take();
                assertEquals(1, c.call("t.Env" + i, "run", 1));
                assertEquals(List.of("loop 0", "exit" + i + " 1"), Trace.take());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void userCodeForRelease17_andForTheRunningJdk_C6() throws Throwable {
        int running = Runtime.version().feature();
        for (String release : List.of("17", String.valueOf(running))) {
            Compilation c = Javac.javac().options("--release", release).compile(SOURCE).assertSuccess().assertVerifies();
            Trace.take();
            assertEquals(0, c.call("t.Env", "run", 0));
            assertEquals(List.of("exit 0"), Trace.take(), "--release " + release);
        }
    }
}
