package io.jdefer.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import io.jdefer.testing.Trace;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC S9, section 5: {@code @Defer} locals are found from the class file alone (their type
 * annotations), never by line numbers, local names or javac's lambda names, so that each shape
 * below registers exactly the object it declares, with every debug option. Each method was
 * misplaced or rejected when the rewriter joined source and bytecode by lines and names.
 */
class DeferLocalTraceTest {
    static final String PROGRAM = """
            package t;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;
            import java.util.function.Supplier;

            @Deferred
            public class Shapes {
                public static class R implements AutoCloseable {
                    final String name;
                    R(String name) { this.name = name; Trace.log("open " + name); }
                    public void close() { Trace.log("close " + name); }
                }
                static R open(String name) { return new R(name); }

                public static final class Guard implements AutoCloseable {
                    @Deferred public void close() {
                        Throwable t = Defers.recover();
                        Trace.log("guard recovered " + (t == null ? "nothing" : t.getMessage()));
                    }
                }
                static Guard guard() { return new Guard(); }

                // D31: the declared type is the JDK's, the value's a user type whose close() recovers
                static void throughAJdkType() throws Exception {
                    @Defer AutoCloseable g = guard();
                    Trace.log("body");
                    throw new IllegalStateException("boom");
                }

                static void twoDeclarators() {
                    @Defer R a = open("a"), b = open("b");
                    Trace.log("body");
                }

                static void twoOnOneLine() {
                    @Defer R a = open("a"); @Defer R b = open("b"); Trace.log("body");
                }

                public static void overload(int x) {
                    @Defer R a = open("int");
                    Trace.log("body");
                }

                public static void overload(String x) {
                    @Defer R a = open("string");
                    Trace.log("body");
                }

                static void fallThrough(int k) {
                    switch (k) {
                        case 1:
                            @Defer R a = open("one");
                            Trace.log("case 1");
                        case 2:
                            Trace.log("case 2");
                    }
                }

                static void siblingBlocks() {
                    {
                        R r = open("plain");
                        Trace.log("first " + r.name);
                    }
                    {
                        @Defer R r = open("deferred");
                        Trace.log("second");
                    }
                }

                static void twoLambdasOnOneLine() {
                    Runnable x = () -> { @Defer R a = open("x"); Trace.log("in x"); }; Runnable y = () -> { @Defer R b = open("y"); Trace.log("in y"); };
                    x.run();
                    y.run();
                }

                static Supplier<Runnable> lambdaReturningLambda() {
                    return () -> {
                        @Defer R outer = open("outer");
                        Trace.log("outer body");
                        return () -> {
                            Trace.log("inner body, a longer lambda");
                            Trace.log("inner body, a second line");
                        };
                    };
                }

                public static class TwoConstructors {
                    final Runnable field = () -> Trace.log("field initializer");
                    public TwoConstructors() {
                        Trace.log("plain constructor");
                    }
                    public TwoConstructors(String name) {
                        @Defer R r = open(name);
                        field.run();
                    }
                }
            }
            """;

    /** More places a @Defer local can stand: each its own scope or a nested statement (S8, S9). */
    static final String MORE = """
            package t;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;

            @Deferred
            public class More {
                public static class R implements AutoCloseable {
                    final String name;
                    R(String name) { this.name = name; Trace.log("open " + name); }
                    public void close() { Trace.log("close " + name); }
                }
                static R open(String name) { return new R(name); }

                public interface Api {
                    default void run() {
                        @Defer R r = open("default method");
                        Trace.log("in default method");
                    }
                }

                public record Pair(String a) {
                    public Pair {
                        @Defer R r = open("compact constructor");
                        Trace.log("in compact constructor");
                    }
                }

                public static Runnable anonymous() {
                    return new Runnable() {
                        public void run() {
                            @Defer R r = open("anonymous");
                            Trace.log("in anonymous");
                        }
                    };
                }

                public static int switchArm(int k) {
                    int v = switch (k) {
                        case 1 -> {
                            @Defer R r = open("arm");
                            Trace.log("in arm");
                            yield 10;
                        }
                        default -> 0;
                    };
                    Trace.log("after switch");
                    return v;
                }

                public static class Both extends Number implements AutoCloseable {
                    public int intValue() { return 7; }
                    public long longValue() { return 7; }
                    public float floatValue() { return 7; }
                    public double doubleValue() { return 7; }
                    public void close() { Trace.log("close both"); }
                }

                public static <T extends Number & AutoCloseable> int boundedInALambda(T value) throws Exception {
                    java.util.concurrent.Callable<Integer> inside = () -> {
                        @Defer T v = value;
                        Trace.log("in lambda " + v.intValue());
                        return v.intValue();
                    };
                    return inside.call();
                }

                public static void nestedStatements(Object lock) throws Exception {
                    synchronized (lock) {
                        @Defer R s = open("synchronized");
                        Trace.log("in synchronized");
                    }
                    try (R twr = open("resource")) {
                        @Defer R t = open("in try-with-resources");
                        Trace.log("body of try-with-resources");
                    }
                    Trace.log("end");
                }
            }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"-g", "-g:none", "-g:vars"})
    void deferLocals_inEveryKindOfScopeAndStatement_S8_S9(String debug) throws Throwable {
        Compilation c = Javac.javac().options(debug).compile(MORE).assertSuccess().assertVerifies();
        Class<?> api = c.load("t.More$Api");
        Object impl = java.lang.reflect.Proxy.newProxyInstance(c.loader(), new Class<?>[] {api}, (proxy, m, args) ->
                java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, args));
        api.getMethod("run").invoke(impl);
        assertEquals(List.of("open default method", "in default method", "close default method"), Trace.take(), "default method");
        c.load("t.More$Pair").getConstructor(String.class).newInstance("x");
        assertEquals(List.of("open compact constructor", "in compact constructor", "close compact constructor"), Trace.take());
        ((Runnable) c.call("t.More", "anonymous")).run();
        assertEquals(List.of("open anonymous", "in anonymous", "close anonymous"), Trace.take(), "anonymous class");
        assertEquals(10, c.call("t.More", "switchArm", 1));
        assertEquals(List.of("open arm", "in arm", "after switch", "close arm"), Trace.take(), "switch expression arm");
        Object both = c.load("t.More$Both").getConstructor().newInstance();
        assertEquals(7, c.load("t.More").getMethod("boundedInALambda", Number.class).invoke(null, both));
        assertEquals(List.of("in lambda 7", "close both"), Trace.take(), "T extends Number & AutoCloseable in a lambda (D5)");
        c.call("t.More", "nestedStatements", new Object());
        assertEquals(List.of("open synchronized", "in synchronized", "open resource", "open in try-with-resources",
                "body of try-with-resources", "close resource", "end", "close in try-with-resources", "close synchronized"), Trace.take());
    }

    @BeforeEach
    void clearTrace() {
        Trace.take();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-g", "-g:none", "-g:vars", "-g:lines", "-g:source,lines"})
    void everyShape_registersExactlyTheDeclaredObjects_withEveryDebugOption_S9(String debug) throws Throwable {
        Javac javac = Javac.javac();
        if (!debug.isEmpty()) {
            javac.options(debug);
        }
        Compilation c = javac.compile(PROGRAM).assertSuccess().assertVerifies();
        c.call("t.Shapes", "twoDeclarators");
        assertEquals(List.of("open a", "open b", "body", "close b", "close a"), Trace.take(), "two declarators");
        c.call("t.Shapes", "throughAJdkType");
        assertEquals(List.of("body", "guard recovered boom"), Trace.take(), "a user's close() through AutoCloseable is offered P (D31)");
        c.call("t.Shapes", "twoOnOneLine");
        assertEquals(List.of("open a", "open b", "body", "close b", "close a"), Trace.take(), "two statements on one line");
        c.load("t.Shapes").getDeclaredMethod("overload", int.class).invoke(null, 1);
        c.load("t.Shapes").getDeclaredMethod("overload", String.class).invoke(null, "s");
        assertEquals(List.of("open int", "body", "close int", "open string", "body", "close string"), Trace.take(), "overloads");
        c.call("t.Shapes", "fallThrough", 1);
        assertEquals(List.of("open one", "case 1", "case 2", "close one"), Trace.take(), "fall-through, declaration ran");
        c.call("t.Shapes", "fallThrough", 2);
        assertEquals(List.of("case 2"), Trace.take(), "fall-through, declaration skipped");
        c.call("t.Shapes", "siblingBlocks");
        assertEquals(List.of("open plain", "first plain", "open deferred", "second", "close deferred"), Trace.take(), "sibling blocks");
        c.call("t.Shapes", "twoLambdasOnOneLine");
        assertEquals(List.of("open x", "in x", "close x", "open y", "in y", "close y"), Trace.take(), "two lambdas on one line");
        Object supplier = c.call("t.Shapes", "lambdaReturningLambda");
        Runnable inner = (Runnable) ((java.util.function.Supplier<?>) supplier).get();
        assertEquals(List.of("open outer", "outer body", "close outer"), Trace.take(), "lambda returning a lambda");
        inner.run();
        assertEquals(List.of("inner body, a longer lambda", "inner body, a second line"), Trace.take());
        Class<?> two = c.load("t.Shapes$TwoConstructors");
        two.getConstructor().newInstance();
        assertEquals(List.of("plain constructor"), Trace.take(), "the constructor without a @Defer local");
        two.getConstructor(String.class).newInstance("ctor");
        assertEquals(List.of("open ctor", "field initializer", "close ctor"), Trace.take(), "the constructor with one");
    }

    @Test
    void aReassignedDeferLocal_isACompileError_withTheFix_S9_C1() {
        Compilation c = Javac.javac().compile("""
                package t;
                import io.jdefer.*;
                class Reassigned {
                    static AutoCloseable open() { return () -> {}; }
                    @Deferred
                    static void fallThrough(int k) throws Exception {
                        switch (k) {
                            case 1:
                                @Defer AutoCloseable a = open();
                            case 2:
                                a = open();
                                a.hashCode();
                        }
                    }
                }
                """);
        assertEquals(false, c.success());
        String text = c.diagnosticsText();
        assertTrue(text.contains("[jdefer:DEFER_LOCAL_REASSIGNED]") && text.contains("line 9") && text.contains("defer(a::close)"), text);
    }

    @Test
    void aDeferLocalThatEndsItsBlock_isACompileError_notASilentLoss_S9_C1() {
        Compilation c = Javac.javac().compile("""
                package t;
                import io.jdefer.*;
                class EndsBlock {
                    static AutoCloseable open() { return () -> {}; }
                    @Deferred
                    static void loop(int n) throws Exception {
                        for (int i = 0; i < n; i++) {
                            @Defer AutoCloseable each = open();
                        }
                    }
                }
                """);
        assertEquals(false, c.success());
        String text = c.diagnosticsText();
        assertTrue(text.contains("[jdefer:DEFER_LOCAL_ENDS_BLOCK]") && text.contains("line 8") && text.contains("defer(each::close)"), text);
    }
}
