package io.jdefer.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdefer.testing.Compilation;
import io.jdefer.testing.Programs;
import io.jdefer.testing.Trace;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC S8: where defers may stand and what an invocation is: constructors after super(...),
 * lambda bodies and methods of nested, local and anonymous classes as their own scopes, and every
 * kind of method (static, instance, synchronized, generic, interface default, record, enum).
 */
class ScopeTest {
    static final String SCOPES = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;
            import java.util.function.Supplier;

            public class Scopes {
                final String name;

                @Deferred(Strategy.STRATEGY)
                public Scopes(String name) {
                    super();
                    this.name = name;
                    defer(() -> Trace.log("constructor exit " + this.name));
                    if (name.isEmpty()) throw new IllegalArgumentException("empty");
                    Trace.log("constructor body");
                }

                @Deferred(Strategy.STRATEGY)
                public Scopes(int n) {
                    this("n" + n);
                    defer(() -> Trace.log("delegating constructor exit"));
                }

                @Deferred(Strategy.STRATEGY)
                static Supplier<String> lambdaIsItsOwnScope() {
                    defer(() -> Trace.log("outer exit"));
                    Supplier<String> inner = () -> {
                        defer(() -> Trace.log("lambda exit"));
                        Trace.log("lambda body");
                        return "from lambda";
                    };
                    Trace.log("outer body");
                    return inner;
                }

                @Deferred(Strategy.STRATEGY)
                static Runnable anonymousAndLocal() {
                    class Local implements Runnable {
                        public void run() {
                            defer(() -> Trace.log("local exit"));
                            Trace.log("local body");
                        }
                    }
                    Runnable anonymous = new Runnable() {
                        public void run() {
                            defer(() -> Trace.log("anonymous exit"));
                            new Local().run();
                            Trace.log("anonymous body");
                        }
                    };
                    return anonymous;
                }

                @Deferred(Strategy.STRATEGY)
                static synchronized <T extends Comparable<T>> T generic(T a, T b) {
                    defer(() -> Trace.log("generic exit " + a + " " + b));
                    return a.compareTo(b) >= 0 ? a : b;
                }

                @Deferred(Strategy.STRATEGY)
                synchronized String instance() {
                    defer(() -> Trace.log("instance exit, holds lock " + Thread.holdsLock(this)));
                    return name;
                }

                @Deferred(Strategy.STRATEGY)
                static void deferInsideAnAction() {
                    defer(() -> {
                        defer(() -> Trace.log("defer inside the action runs when the action exits"));
                        Trace.log("action body");
                    });
                    Trace.log("method body");
                }

                class Inner {
                    @Deferred(Strategy.STRATEGY)
                    String inner() {
                        defer(() -> Trace.log("inner exit " + name));
                        return "inner of " + name;
                    }
                }

                static class Nested {
                    @Deferred(Strategy.STRATEGY)
                    static long nested(long x) {
                        defer(() -> Trace.log("nested exit"));
                        return x + 1;
                    }
                }
            }
            """;

    static final String TYPES = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;

            @Deferred(Strategy.STRATEGY)
            public class Types {
                interface Greeter {
                    default String greet(String who) {
                        defer(() -> Trace.log("default method exit"));
                        return "hello " + who;
                    }
                    static String shout(String who) {
                        defer(() -> Trace.log("interface static exit"));
                        return who.toUpperCase();
                    }
                }

                record Point(int x, int y) {
                    Point {
                        defer(() -> Trace.log("compact constructor exit"));
                        if (x < 0) throw new IllegalArgumentException("x");
                    }
                    int sum() {
                        defer(() -> Trace.log("record method exit"));
                        return x + y;
                    }
                }

                enum Op {
                    ADD {
                        int apply(int a, int b) {
                            defer(() -> Trace.log("enum constant body exit"));
                            return a + b;
                        }
                    };
                    abstract int apply(int a, int b);
                    int twice(int a) {
                        defer(() -> Trace.log("enum method exit"));
                        return apply(a, a);
                    }
                }

                static String all() {
                    Greeter g = new Greeter() {};
                    String s = g.greet("you") + " " + Greeter.shout("hey");
                    Point p = new Point(1, 2);
                    return s + " " + p.sum() + " " + Op.ADD.twice(3);
                }

                static void badPoint() {
                    new Point(-1, 0);
                }
            }
            """;

    @BeforeEach
    void clearTrace() {
        Trace.take();
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void constructor_runsActionsAtItsExit_afterSuper_S8(String strategy) throws Exception {
        Compilation c = Programs.compile(SCOPES, strategy);
        Class<?> type = c.load("t.Scopes");
        type.getConstructor(String.class).newInstance("a");
        assertEquals(List.of("constructor body", "constructor exit a"), Trace.take());
        type.getConstructor(int.class).newInstance(7);
        assertEquals(List.of("constructor body", "constructor exit n7", "delegating constructor exit"), Trace.take());
        Exception e = assertThrows(Exception.class, () -> type.getConstructor(String.class).newInstance(""));
        assertEquals(IllegalArgumentException.class, e.getCause().getClass());
        assertEquals(List.of("constructor exit "), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    @SuppressWarnings("unchecked")
    void lambdaBody_isItsOwnInvocation_S8(String strategy) throws Throwable {
        Supplier<String> inner = (Supplier<String>) Programs.compile(SCOPES, strategy).call("t.Scopes", "lambdaIsItsOwnScope");
        assertEquals(List.of("outer body", "outer exit"), Trace.take());
        assertEquals("from lambda", inner.get());
        assertEquals(List.of("lambda body", "lambda exit"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void methodsOfLocalAndAnonymousClasses_inADeferredMethod_areTheirOwnScopes_S8(String strategy) throws Throwable {
        Runnable anonymous = (Runnable) Programs.compile(SCOPES, strategy).call("t.Scopes", "anonymousAndLocal");
        anonymous.run();
        assertEquals(List.of("local body", "local exit", "anonymous body", "anonymous exit"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void genericSynchronizedInstanceInnerAndNestedMethods_S8(String strategy) throws Throwable {
        Compilation c = Programs.compile(SCOPES, strategy);
        Object scopes = c.load("t.Scopes").getConstructor(String.class).newInstance("x");
        Trace.take();
        assertEquals("b", c.call("t.Scopes", "generic", "a", "b"));
        Method instance = c.load("t.Scopes").getDeclaredMethod("instance");
        instance.setAccessible(true);
        assertEquals("x", instance.invoke(scopes));
        Class<?> innerType = c.load("t.Scopes$Inner");
        var ctor = innerType.getDeclaredConstructor(c.load("t.Scopes"));
        ctor.setAccessible(true);
        Object inner = ctor.newInstance(scopes);
        Method innerMethod = innerType.getDeclaredMethod("inner");
        innerMethod.setAccessible(true);
        assertEquals("inner of x", innerMethod.invoke(inner));
        assertEquals(6L, c.call("t.Scopes$Nested", "nested", 5L));
        assertEquals(List.of("generic exit a b", "instance exit, holds lock true", "inner exit x", "nested exit"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void aDeferInsideAnAction_registersWithTheActionsInvocation_S8(String strategy) throws Throwable {
        Programs.compile(SCOPES, strategy).call("t.Scopes", "deferInsideAnAction");
        assertEquals(List.of("method body", "action body", "defer inside the action runs when the action exits"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void deferredOnAType_coversInterfaceDefaultAndStatic_recordAndEnumMethods_S8(String strategy) throws Throwable {
        Compilation c = Programs.compile(TYPES, strategy);
        assertEquals("hello you HEY 3 6", c.call("t.Types", "all"));
        assertEquals(List.of("default method exit", "interface static exit", "compact constructor exit", "record method exit",
                "enum constant body exit", "enum method exit"), Trace.take());
        assertThrows(IllegalArgumentException.class, () -> c.call("t.Types", "badPoint"));
        assertEquals(List.of("compact constructor exit"), Trace.take());
    }
}
