package io.jdefer.semantics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import io.jdefer.testing.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC S5, C5, D3: {@code recover()} in an action's method-reference target works through what
 * the compiler puts between the call and the target (bridges, {@code super::} wrappers, merged
 * lambda bodies), is decided per class (a class's bytes never depend on which other classes are
 * in the compilation), and never works one call deeper (an override or a hiding static method
 * that calls the recovering one). Each case silently got {@code null}, or recovered one call too
 * deep, before.
 */
class RecoverPerClassTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;
            import java.io.Serializable;

            public class Targets {
                static void log(String where, Throwable t) { Trace.log(where + ":" + (t == null ? "null" : t.getMessage())); }

                public interface F<T> { T get(); }
                public static class S implements F<String> {
                    @Deferred public String get() { log("bridge", recover()); return "s"; }
                }
                public static class Base {
                    @Deferred public Object value() { log("covariant", recover()); return null; }
                    @Deferred public void onExit() { log("super", recover()); }
                    @Deferred public void deeper() { log("deeper", recover()); }
                    @Deferred public static void helper() { log("hidden", recover()); }
                }
                public static class Sub extends Base {
                    @Override @Deferred public String value() { log("override", recover()); return "v"; }
                    @Override public void onExit() { Trace.log("sub onExit"); }
                    @Override public void deeper() { super.deeper(); }
                    public static void helper() { Base.helper(); }
                }

                @Deferred static void throughABridge() {
                    F<String> s = new S();
                    defer(s::get);
                    throw new IllegalStateException("boom");
                }
                @Deferred static void throughACovariantOverride() {
                    Base b = new Sub();
                    defer(b::value);
                    throw new IllegalStateException("boom");
                }
                @Deferred static void throughADeferLocal() {
                    @Defer("get") S s = new S();
                    Trace.log("body");
                    throw new IllegalStateException("boom");
                }
                @Deferred static void anOverrideThatCallsSuper() {
                    Base b = new Sub();
                    defer(b::deeper);
                    throw new IllegalStateException("boom");
                }
                @Deferred static void aStaticThatHidesAndCalls() {
                    defer(Sub::helper);
                    throw new IllegalStateException("boom");
                }
                @Deferred static void cast() {
                    defer((Action<RuntimeException>) () -> log("cast", recover()));
                    throw new IllegalStateException("boom");
                }
                @Deferred static void parenthesized() {
                    defer((() -> log("parenthesized", recover())));
                    throw new IllegalStateException("boom");
                }
                @Deferred static void serializable() {
                    defer((Action<RuntimeException> & Serializable) () -> log("serializable", recover()));
                    throw new IllegalStateException("boom");
                }

                public static class Child extends Base {
                    @Override public void onExit() { Trace.log("child onExit"); }
                    @Deferred public void run() {
                        defer(super::onExit);
                        throw new IllegalStateException("boom");
                    }
                }
            }
            """;

    /** Under -g:none and -g:source javac merges identical lambda bodies: one of them is not an action. */
    static final String MERGED = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;
            public class Merged {
                static void log(String where, Throwable t) { Trace.log(where + ":" + (t == null ? "null" : t.getMessage())); }
                @Deferred static void mergedWithAPlainOne() {
                    Action<RuntimeException> plain = () -> log("merged", recover());
                    defer(() -> log("merged", recover()));
                    plain.run();
                    throw new IllegalStateException("boom");
                }
            }
            """;

    @BeforeEach
    void clearTrace() {
        Trace.take();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-g", "-g:none", "-g:source"})
    void recoverWorksThroughWhatTheCompilerAdds_andNeverOneCallDeeper_S5_D3(String debug) throws Throwable {
        Compilation c = Javac.javac().options(debug).compile(PROGRAM).assertSuccess().assertVerifies();
        assertEquals(List.of(), c.diagnostics(Diagnostic.Kind.WARNING), "no RECOVER_NEVER for casts and parentheses");
        c.call("t.Targets", "throughABridge");
        assertEquals(List.of("bridge:boom"), Trace.take(), "a generic interface's bridge");
        c.call("t.Targets", "throughACovariantOverride");
        assertEquals(List.of("override:boom"), Trace.take(), "a covariant override's bridge");
        c.call("t.Targets", "throughADeferLocal");
        assertEquals(List.of("body", "bridge:boom"), Trace.take(), "a @Defer(\"get\") local");
        assertThrowsBoom(() -> c.call("t.Targets", "anOverrideThatCallsSuper"));
        assertEquals(List.of("deeper:null"), Trace.take(), "the superclass method, one call deeper");
        assertThrowsBoom(() -> c.call("t.Targets", "aStaticThatHidesAndCalls"));
        assertEquals(List.of("hidden:null"), Trace.take(), "the hidden static, one call deeper");
        c.call("t.Targets", "cast");
        c.call("t.Targets", "parenthesized");
        c.call("t.Targets", "serializable");
        assertEquals(List.of("cast:boom", "parenthesized:boom", "serializable:boom"), Trace.take(), "casts are the action itself");
        Object child = c.load("t.Targets$Child").getConstructor().newInstance();
        child.getClass().getMethod("run").invoke(child);
        assertEquals(List.of("super:boom"), Trace.take(), "super::onExit");
        Compilation merged = Javac.javac().options(debug).compile(MERGED).assertSuccess().assertVerifies();
        merged.call("t.Merged", "mergedWithAPlainOne");
        assertEquals(List.of("merged:null", "merged:boom"), Trace.take(), "a lambda body javac may merge with a plain one");
    }

    @Test
    void aPartialRecompile_givesTheSameBytes_andTheSameRecovery_C5() throws Throwable {
        String handler = """
                package t;
                import static io.jdefer.Defers.*;
                import io.jdefer.*;
                import io.jdefer.testing.Trace;
                public class H {
                    @Deferred public void onExit() { Throwable t = recover(); Trace.log("recovered " + (t == null ? null : t.getMessage())); }
                }
                """;
        String user = """
                package t;
                import static io.jdefer.Defers.*;
                import io.jdefer.*;
                public class A {
                    @Deferred public static void run() { defer(new H()::onExit); throw new IllegalStateException("boom"); }
                }
                """;
        Compilation full = Javac.javac().compile(handler, user).assertSuccess().assertVerifies();
        Path previous = Files.createTempDirectory("jdefer-partial");
        for (Map.Entry<String, byte[]> entry : full.classes().entrySet()) {
            Path file = previous.resolve(entry.getKey().replace('.', '/') + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
        }
        Compilation partial = Javac.javac().classpath(previous).compile(user).assertSuccess();
        assertArrayEquals(full.bytes("t.A"), partial.bytes("t.A"), "A compiled alone, H.class on the class path");
        full.call("t.A", "run");
        assertEquals(List.of("recovered boom"), Trace.take());
    }

    private static void assertThrowsBoom(org.junit.jupiter.api.function.Executable call) {
        Throwable thrown = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, call);
        assertTrue(thrown instanceof IllegalStateException && thrown.getMessage().equals("boom"), String.valueOf(thrown));
    }
}
