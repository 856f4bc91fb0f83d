package io.jdefer.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdefer.testing.Compilation;
import io.jdefer.testing.Programs;
import io.jdefer.testing.Trace;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC S2, S8: defers among the rest of the language: try/catch/finally around and inside defer
 * sites, switch statements and expressions, labeled blocks, nested lambdas, local, anonymous and
 * inner classes capturing outer state, interface private and static methods, varargs and
 * {@code super::method} references, try-with-resources.
 */
class LanguageTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;
            import java.util.function.Supplier;

            @Deferred(Strategy.STRATEGY)
            public class Language {
                static void deferInCatchAndFinally(boolean fail) {
                    try {
                        defer(() -> Trace.log("from try"));
                        if (fail) throw new IllegalStateException("x");
                    } catch (IllegalStateException e) {
                        defer(() -> Trace.log("from catch"));
                    } finally {
                        defer(() -> Trace.log("from finally"));
                        Trace.log("finally");
                    }
                    Trace.log("after");
                }

                static int returnThroughFinally() {
                    defer(() -> Trace.log("action"));
                    try {
                        return 1;
                    } finally {
                        Trace.log("finally");
                    }
                }

                static String switches(int n, String s) {
                    switch (n) {
                        case 1:
                            defer(() -> Trace.log("case 1"));
                        case 2:
                            defer(() -> Trace.log("case 2 (or fall-through)"));
                            break;
                        default:
                            defer(() -> Trace.log("default"));
                    }
                    String r = switch (s) {
                        case "a" -> {
                            defer(() -> Trace.log("yield a"));
                            yield "A";
                        }
                        case "b" -> "B";
                        default -> {
                            try {
                                defer(() -> Trace.log("yield default"));
                                yield s.toUpperCase();
                            } finally {
                                Trace.log("switch finally");
                            }
                        }
                    };
                    return r;
                }

                static void labeled(boolean leave) {
                    block: {
                        defer(() -> Trace.log("in block"));
                        if (leave) break block;
                        defer(() -> Trace.log("after break"));
                    }
                    Trace.log("after block");
                }

                static void nestedLambdas() {
                    defer(() -> {
                        Runnable r = () -> Trace.log("lambda inside an action");
                        r.run();
                        Supplier<String> s = () -> {
                            defer(() -> Trace.log("defer in a lambda in an action"));
                            return "supplied";
                        };
                        Trace.log(s.get());
                    });
                    Trace.log("body");
                }

                int counter = 10;
                class Inner {
                    int read() {
                        defer(() -> Trace.log("inner sees " + counter));
                        return counter++;
                    }
                }
                static int captureOuterState() {
                    Language outer = new Language();
                    int local = 5;
                    Supplier<Integer> anonymous = new Supplier<>() {
                        public Integer get() {
                            defer(() -> Trace.log("anonymous captured " + local + " and " + outer.counter));
                            return local + outer.new Inner().read();
                        }
                    };
                    return anonymous.get();
                }

                interface Service {
                    private String secret() {
                        defer(() -> Trace.log("private interface method"));
                        return "s";
                    }
                    default String reveal() {
                        return secret();
                    }
                    static String make() {
                        defer(() -> Trace.log("static interface method"));
                        return new Service() {}.reveal();
                    }
                }
                static String interfaces() {
                    return Service.make();
                }

                static void varargs(String... parts) {
                    Trace.log("varargs " + parts.length);
                }
                static class Base {
                    void close() { Trace.log("base close"); }
                }
                static class Derived extends Base {
                    @Override void close() { Trace.log("derived close"); }
                    void run() {
                        defer(super::close);
                        defer(this::close);
                        defer(Language::varargs);
                        Trace.log("run");
                    }
                }
                static void references() {
                    new Derived().run();
                }

                static class Res implements AutoCloseable {
                    public void close() { Trace.log("resource closed"); }
                }
                static void tryWithResources() {
                    defer(() -> Trace.log("deferred"));
                    try (Res r = new Res()) {
                        defer(() -> Trace.log("deferred in try-with-resources"));
                        Trace.log("body");
                    }
                }
            }
            """;

    @BeforeEach
    void clearTrace() {
        Trace.take();
    }

    private static Compilation program(String strategy) {
        return Programs.compile(PROGRAM, strategy);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void defersInTryCatchAndFinally_waitForTheMethodExit_afterTheUsersFinally_S2(String strategy) throws Throwable {
        Compilation c = program(strategy);
        c.call("t.Language", "deferInCatchAndFinally", false);
        assertEquals(List.of("finally", "after", "from finally", "from try"), Trace.take());
        c.call("t.Language", "deferInCatchAndFinally", true);
        assertEquals(List.of("finally", "after", "from finally", "from catch", "from try"), Trace.take());
        assertEquals(1, c.call("t.Language", "returnThroughFinally"));
        assertEquals(List.of("finally", "action"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void switchStatementsAndExpressions_withYield_S2(String strategy) throws Throwable {
        Compilation c = program(strategy);
        assertEquals("A", c.call("t.Language", "switches", 1, "a"));
        assertEquals(List.of("yield a", "case 2 (or fall-through)", "case 1"), Trace.take());
        assertEquals("B", c.call("t.Language", "switches", 2, "b"));
        assertEquals(List.of("case 2 (or fall-through)"), Trace.take());
        assertEquals("ZZ", c.call("t.Language", "switches", 9, "zz"));
        assertEquals(List.of("switch finally", "yield default", "default"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void labeledBlocks_S2(String strategy) throws Throwable {
        Compilation c = program(strategy);
        c.call("t.Language", "labeled", true);
        assertEquals(List.of("after block", "in block"), Trace.take());
        c.call("t.Language", "labeled", false);
        assertEquals(List.of("after block", "after break", "in block"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void lambdasInsideActions_andDefersInsideThem_S8(String strategy) throws Throwable {
        program(strategy).call("t.Language", "nestedLambdas");
        assertEquals(List.of("body", "lambda inside an action", "defer in a lambda in an action", "supplied"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void anonymousAndInnerClasses_captureOuterState_S8(String strategy) throws Throwable {
        assertEquals(15, program(strategy).call("t.Language", "captureOuterState"));
        assertEquals(List.of("inner sees 11", "anonymous captured 5 and 11"), Trace.take(), "a lambda captures the variable, and reads the field when it runs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void interfacePrivateAndStaticMethods_S8(String strategy) throws Throwable {
        assertEquals("s", program(strategy).call("t.Language", "interfaces"));
        assertEquals(List.of("private interface method", "static interface method"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void superAndVarargsMethodReferences_S1(String strategy) throws Throwable {
        program(strategy).call("t.Language", "references");
        assertEquals(List.of("run", "varargs 0", "derived close", "base close"), Trace.take());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void tryWithResources_closesBeforeTheActions_S2(String strategy) throws Throwable {
        program(strategy).call("t.Language", "tryWithResources");
        assertEquals(List.of("body", "resource closed", "deferred in try-with-resources", "deferred"), Trace.take());
    }
}
