package io.jdefer.compile;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.jdefer.processor.DeferProcessor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * SPEC S8, C1, issue 14 item 2: the arguments of {@code super(...)} and {@code this(...)} run before
 * the object exists, as the statements before the call do, so a registration there (a switch
 * expression arm can hold one on every JDK) is {@code DEFER_BEFORE_SUPER}; it used to compile, and
 * its action never ran when the called constructor threw.
 */
class ConstructorCallTest {
    private static final String HEADER = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            """;

    private JavaFileObject source;

    private Compilation compile(String name, String text) {
        source = JavaFileObjects.forSourceString(name, HEADER + text);
        return javac().withProcessors(new DeferProcessor()).compile(source);
    }

    @Test
    void deferInASwitchArmOfSuperArguments_isDeferBeforeSuper_S8_C1() {
        Compilation c = compile("t.Sub", """
                class Base { Base(int x) { } }
                @Deferred
                public class Sub extends Base {
                    Sub(int x) {
                        super(switch (x) {
                            case 0 -> {
                                defer(() -> System.out.println("never")); // here
                                yield 1;
                            }
                            default -> 2;
                        });
                    }
                }
                """);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("[jdefer:DEFER_BEFORE_SUPER] defer(...) before super(...) or this(...)")
                .inFile(source).onLineContaining("// here");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void deferOnErrorInThisArguments_isDeferBeforeSuper_S8_C1() {
        Compilation c = compile("t.Other", """
                @Deferred
                public class Other {
                    Other(int x) { }
                    Other(String s) {
                        this(switch (s.length()) { case 0 -> { deferOnError(() -> { }); yield 0; } default -> 1; }); // here
                    }
                }
                """);
        assertThat(c).hadErrorContaining("[jdefer:DEFER_BEFORE_SUPER] deferOnError(...)").inFile(source).onLineContaining("// here");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void aLambdaScopeInSuperArguments_andDeferAfterTheCall_compile_S8() {
        Compilation c = compile("t.Fine", """
                class Base { Base(Runnable r) { r.run(); } }
                @Deferred
                public class Fine extends Base {
                    Fine(int x) {
                        super(() -> defer(() -> System.out.println("lambda's own exit")));
                        defer(() -> System.out.println("after super"));
                    }
                }
                """);
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void aNestedConstructorDoesNotHideTheOuterCall_S8_C1() {
        Compilation c = compile("t.Outer", """
                class Base { Base(Object o) { } }
                @Deferred
                public class Outer extends Base {
                    static Object pick(Object a, int b) { return a; }
                    Outer(int x) {
                        super(pick(new Object() {
                                    class Inner { Inner() { super(); defer(() -> { }); } }
                                }, switch (x) {
                                    case 0 -> { defer(() -> { }); yield 1; } // here
                                    default -> 2;
                                }));
                        defer(() -> { });
                    }
                }
                """);
        assertThat(c).hadErrorContaining("[jdefer:DEFER_BEFORE_SUPER]").inFile(source).onLineContaining("// here");
        assertThat(c).hadErrorCount(1);
    }
}
