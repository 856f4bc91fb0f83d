package io.jdefer.reliability;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC C1: malformed and misusing inputs. Each either gets a clear error at the marked line (the
 * {@code [jdefer:ID]} checked when it is ours) or compiles, verifies and runs correctly; never a
 * compiler crash, never {@code [jdefer:INTERNAL]}. The list is in docs/testing.md; generated
 * inputs (sizes, limits) and processor options are in {@link LimitsAndOptionsTest}.
 */
class MisuseCorpusTest {
    static final String HEADER = """
            package m;
            import static io.jdefer.Defers.*;
            import static io.jdefer.reliability.FuzzSupport.*;
            import io.jdefer.*;
            """;

    /** {@code HEADER} + {@code body}: line numbers in messages count the 4 header lines. */
    static MisuseCase misuse(String name, String body) {
        return MisuseCase.of(name, HEADER + body);
    }

    static Stream<MisuseCase> corpus() {
        return Stream.of(
                // ---- C1: scope
                misuse("defer_outsideAnyScope", """
                        public class C {
                            static void run() {
                                defer(() -> log("never")); // BUG: [jdefer:OUTSIDE_SCOPE]
                            }
                        }
                        """),
                misuse("deferOnError_inALambdaOfAPlainMethod", """
                        public class C {
                            static Runnable run() {
                                return () -> deferOnError(() -> log("never")); // BUG: [jdefer:OUTSIDE_SCOPE]
                            }
                        }
                        """),
                misuse("deferLocal_outsideAnyScope", """
                        public class C {
                            static void run() {
                                @Defer Res r = open("r", false); // BUG: [jdefer:OUTSIDE_SCOPE]
                            }
                        }
                        """),
                misuse("enumConstantBody_withoutDeferred", """
                        public enum C {
                            A { @Deferred void run() { defer(() -> log("A action")); log("A"); } },
                            B { void run() { defer(() -> log("B action")); } }; // BUG: [jdefer:OUTSIDE_SCOPE]
                            abstract void run();
                        }
                        """),
                misuse("interfaceConstantLambda_withoutDeferred", """
                        public interface C {
                            Runnable R = () -> defer(() -> log("never")); // BUG: [jdefer:OUTSIDE_SCOPE]
                        }
                        """),
                misuse("instanceInitializerBlock", """
                        @Deferred
                        public class C {
                            {
                                defer(() -> log("never")); // BUG: [jdefer:DEFER_IN_INITIALIZER]
                            }
                        }
                        """),
                misuse("staticInitializerBlock", """
                        @Deferred
                        public class C {
                            static {
                                deferOnSuccess(() -> log("never")); // BUG: [jdefer:DEFER_IN_INITIALIZER]
                            }
                        }
                        """),
                misuse("deferLocal_inInitializerBlock", """
                        @Deferred
                        public class C {
                            {
                                @Defer Res r = open("r", false); // BUG: [jdefer:DEFER_IN_INITIALIZER]
                            }
                        }
                        """),
                misuse("interfaceConstantLambda_inDeferredInterface_isItsOwnScope", """
                        @Deferred
                        public interface C {
                            Runnable R = () -> { defer(() -> log("action")); log("body"); };
                            static void run() { R.run(); }
                        }
                        """).runs("m.C", "run", "body", "action"),
                misuse("deferBeforeSuper_jdk25", """
                        public class C {
                            static class Base { Base(int x) { log("base " + x); } }
                            @Deferred
                            static class Sub extends Base {
                                Sub(int x) {
                                    log("prologue");
                                    defer(() -> log("too early")); // BUG: [jdefer:DEFER_BEFORE_SUPER]
                                    super(x);
                                    defer(() -> log("after super"));
                                }
                            }
                        }
                        """).since(25),
                misuse("lambdaScopeBeforeSuper_jdk25_isItsOwnScope", """
                        public class C {
                            static class Base { Base(int x) { log("base " + x); } }
                            @Deferred
                            static class Sub extends Base {
                                Sub(int x) {
                                    if (x < 0) throw new IllegalArgumentException("negative");
                                    Runnable r = () -> { defer(() -> log("lambda action")); log("lambda"); };
                                    r.run();
                                    super(x);
                                    defer(() -> log("after super " + x));
                                    log("body");
                                }
                            }
                            static void run() { new Sub(4); }
                        }
                        """).since(25).runs("m.C", "run", "lambda", "lambda action", "base 4", "body", "after super 4"),
                // ---- C2: INLINE with a site that can run more than once
                misuse("inline_deferInAForLoop", """
                        public class C {
                            @Deferred(Strategy.INLINE)
                            static void run(int n) {
                                for (int i = 0; i < n; i++) {
                                    defer(() -> log("i")); // BUG: [jdefer:INLINE_IN_LOOP]
                                }
                            }
                        }
                        """),
                misuse("inline_deferLocalInAWhileLoop", """
                        @Deferred(Strategy.INLINE)
                        public class C {
                            static void run(int n) {
                                while (n-- > 0) {
                                    @Defer Res r = open("r", false); // BUG: [jdefer:INLINE_IN_LOOP]
                                    if (n == 3) continue;
                                }
                            }
                        }
                        """),
                misuse("inline_loopInALambdaScope", """
                        @Deferred(Strategy.INLINE)
                        public class C {
                            static Runnable run() {
                                defer(() -> log("static site: fine"));
                                return () -> {
                                    int i = 0;
                                    do {
                                        deferOnError(() -> log("i")); // BUG: [jdefer:INLINE_IN_LOOP]
                                    } while (++i < 3);
                                };
                            }
                        }
                        """),
                misuse("inline_siteInALoopThatRunsOnce_isStatic", """
                        public class C {
                            @Deferred(Strategy.INLINE)
                            static void run() {
                                for (int i = 0; i < 10; i++) {
                                    defer(() -> log("once"));
                                    break;
                                }
                                log("body");
                            }
                        }
                        """).runs("m.C", "run", "body", "once"),
                // ---- C1, S9: @Defer locals
                misuse("deferLocal_onVar", """
                        @Deferred
                        public class C {
                            static void run() {
                                @Defer var r = open("r", false); // BUG: [jdefer:DEFER_LOCAL_VAR]|javac
                            }
                        }
                        """),
                misuse("deferLocal_typeWithoutClose", """
                        @Deferred
                        public class C {
                            static void run() {
                                @Defer String s = "no close()"; // BUG: [jdefer:DEFER_LOCAL_NO_METHOD]
                            }
                        }
                        """),
                misuse("deferLocal_namedMethodMissing", """
                        @Deferred
                        public class C {
                            static void run() {
                                @Defer("unlock") Res r = open("r", false); // BUG: [jdefer:DEFER_LOCAL_NO_METHOD]
                            }
                        }
                        """),
                misuse("deferLocal_methodWithParameters", """
                        @Deferred
                        public class C {
                            static final class Conn { void close(boolean force) {} }
                            static void run() {
                                @Defer Conn c = new Conn(); // BUG: [jdefer:DEFER_LOCAL_NO_METHOD]
                            }
                        }
                        """),
                misuse("deferLocal_privateMethodOfAnotherClass", """
                        @Deferred
                        public class C {
                            static void run() {
                                @Defer Hidden h = new Hidden(); // BUG: [jdefer:DEFER_LOCAL_NO_METHOD]
                            }
                        }
                        class Hidden { private void close() {} }
                        """),
                misuse("deferLocal_primitive", """
                        @Deferred
                        public class C {
                            static void run() {
                                @Defer int n = 3; // BUG: [jdefer:DEFER_LOCAL_NO_METHOD]
                            }
                        }
                        """),
                misuse("deferLocal_onAField", """
                        @Deferred
                        public class C {
                            @Defer Res field = open("f", false); // BUG: [jdefer:DEFER_LOCAL_NOT_LOCAL]
                        }
                        """),
                misuse("deferLocal_onAParameter", """
                        @Deferred
                        public class C {
                            static void run(@Defer Res r) { // BUG: [jdefer:DEFER_LOCAL_NOT_LOCAL]
                                log("body");
                            }
                        }
                        """),
                misuse("deferLocal_onACatchParameter", """
                        @Deferred
                        public class C {
                            static void run() {
                                try {
                                    log("body");
                                } catch (@Defer RuntimeException e) { // BUG: [jdefer:DEFER_LOCAL_NOT_LOCAL]
                                    log("caught");
                                }
                            }
                        }
                        """),
                misuse("deferLocal_withoutInitializer", """
                        @Deferred
                        public class C {
                            static void run() {
                                @Defer Res r; // BUG: [jdefer:DEFER_LOCAL_NO_INITIALIZER]
                                r = open("r", false);
                            }
                        }
                        """),
                // ---- C1: the API as a method reference
                misuse("defer_asAMethodReference", """
                        @Deferred
                        public class C {
                            static void run() {
                                java.util.function.Consumer<Action<RuntimeException>> c = Defers::defer; // BUG: [jdefer:DEFER_REFERENCE]
                                c.accept(() -> log("never"));
                            }
                        }
                        """),
                misuse("recover_asAMethodReference", """
                        public class C {
                            static java.util.function.Supplier<Throwable> run() {
                                return Defers::recover; // BUG: [jdefer:DEFER_REFERENCE]
                            }
                        }
                        """),
                // ---- C1, S5: recover() that can never recover (a warning; the code still runs)
                misuse("recover_inAMethodWithParameters", """
                        @Deferred
                        public class C {
                            static Throwable run(int n) {
                                return recover(); // WARN: [jdefer:RECOVER_NEVER]
                            }
                        }
                        """),
                misuse("recover_inALambdaThatIsNotAnAction", """
                        @Deferred
                        public class C {
                            static void run() {
                                Runnable r = () -> log("recovered " + recover()); // WARN: [jdefer:RECOVER_NEVER]
                                r.run();
                            }
                        }
                        """).runs("m.C", "run", "recovered null"),
                misuse("recover_inALambdaNestedInAnAction", """
                        @Deferred
                        public class C {
                            static void run() {
                                defer(() -> {
                                    Runnable r = () -> log("nested " + recover()); // WARN: [jdefer:RECOVER_NEVER]
                                    r.run();
                                });
                                throw new IllegalStateException("not recovered");
                            }
                        }
                        """).throwsAfter("java.lang.IllegalStateException", "m.C", "run", "nested null"),
                misuse("recover_inADeferOnSuccessAction", """
                        @Deferred
                        public class C {
                            static void run() {
                                deferOnSuccess(() -> log("success " + recover())); // WARN: [jdefer:RECOVER_NEVER]
                            }
                        }
                        """).runs("m.C", "run", "success null"),
                misuse("recover_outsideAnyScope", """
                        public class C {
                            static Throwable run() {
                                return recover(); // WARN: [jdefer:RECOVER_NEVER]
                            }
                        }
                        """).runs("m.C", "run"),
                // ---- javac's own errors near defer calls: reported by javac, jdefer stays out of the way
                misuse("syntaxError_inAnAction", """
                        @Deferred
                        public class C {
                            static void run() {
                                defer(() -> { log("x") }); // BUG: javac
                            }
                        }
                        """),
                misuse("syntaxError_unclosedDeferCall", """
                        @Deferred
                        public class C {
                            static void run() {
                                defer(() -> log("x"); // BUG: javac
                            }
                        }
                        """),
                misuse("unresolvedMethod_inAnAction", """
                        @Deferred
                        public class C {
                            static void run() {
                                defer(() -> undefinedMethod()); // BUG: javac
                                defer(nowhere::close); // BUG: javac
                                deferOnError(Res::nothing); // BUG: javac
                            }
                        }
                        """),
                misuse("unresolvedType_ofADeferLocal", """
                        @Deferred
                        public class C {
                            static void run() {
                                @Defer Unknown u = make(); // BUG: javac
                            }
                        }
                        """),
                misuse("checkedExceptionOfAnAction_notDeclared_S7", """
                        @Deferred
                        public class C {
                            static void run() {
                                defer(() -> { throw new java.io.IOException("io"); }); // BUG: javac
                            }
                        }
                        """),
                misuse("defer_inAnAnnotationValue", """
                        @Deferred
                        public class C {
                            @SuppressWarnings(defer(() -> {})) // BUG: javac
                            static void run() {}
                        }
                        """),
                misuse("defer_usedAsAValue", """
                        @Deferred
                        public class C {
                            static void run() {
                                Object o = defer(() -> log("x")); // BUG: javac
                            }
                        }
                        """),
                // ---- unusual but valid: compiles, verifies, runs (S1, S2, S8)
                misuse("enumConstantBody_deferred", """
                        public enum C {
                            A { @Deferred void go() { defer(() -> log("A action")); log("A"); } };
                            abstract void go();
                            static void run() { A.go(); }
                        }
                        """).runs("m.C", "run", "A", "A action"),
                misuse("localAndAnonymousClasses_inADeferredMethod", """
                        @Deferred
                        public class C {
                            static void run() {
                                class Local { void go() { defer(() -> log("local action")); log("local"); } }
                                new Local().go();
                                new Runnable() { public void run() { defer(() -> log("anonymous action")); } }.run();
                                log("body");
                            }
                        }
                        """).runs("m.C", "run", "local", "local action", "anonymous action", "body"),
                misuse("interfaceMethods_inADeferredInterface", """
                        @Deferred
                        public interface C {
                            void abstractOne();
                            default void withDefault() { defer(() -> log("default action")); helper(); }
                            private void helper() { defer(() -> log("private action")); log("private"); }
                            static void run() {
                                defer(() -> log("static action"));
                                ((C) () -> {}).withDefault();
                            }
                        }
                        """).runs("m.C", "run", "private", "private action", "default action", "static action"),
                misuse("abstractAndNativeMethods_inADeferredClass", """
                        @Deferred
                        public abstract class C {
                            @Deferred abstract void work();
                            @Deferred native void fast();
                            static void run() { defer(() -> log("run")); }
                        }
                        """).runs("m.C", "run", "run"),
                misuse("recursiveGenerics_andRecords", """
                        import java.util.List;
                        @Deferred
                        public class C {
                            abstract static class Node<N extends Node<N>> implements Comparable<N> {
                                abstract int key();
                                public int compareTo(N o) { return Integer.compare(key(), o.key()); }
                            }
                            static final class Leaf extends Node<Leaf> { final int k; Leaf(int k) { this.k = k; } int key() { return k; } }
                            static <T extends Comparable<? super T>> T max(List<? extends T> xs, boolean object) {
                                T best = null;
                                for (T x : xs) {
                                    defer(() -> log("saw " + ((Node<?>) x).key()));
                                    if (best == null || x.compareTo(best) > 0) best = x;
                                }
                                Object o = object ? (Object) best : (Object) xs;
                                defer(() -> log("o " + o.getClass().getSimpleName()));
                                return best;
                            }
                            record Pair(int a, int b) {
                                Pair { defer(() -> log("pair " + a)); if (a > b) throw new IllegalArgumentException("a > b"); }
                            }
                            static void run() {
                                log("max " + max(List.of(new Leaf(2), new Leaf(5)), true).key());
                                new Pair(1, 2);
                            }
                        }
                        """).runs("m.C", "run", "o Leaf", "saw 5", "saw 2", "max 5", "pair 1"),
                misuse("nullAction_isRejectedAtRegistration_S1", """
                        @Deferred
                        public class C {
                            static void run() {
                                defer(() -> log("registered before"));
                                defer(null);
                                log("not reached");
                            }
                        }
                        """).throwsAfter("java.lang.NullPointerException", "m.C", "run", "registered before"),
                misuse("conditionalCastAndSerializableLambdas", """
                        @Deferred
                        public class C {
                            static void run() {
                                boolean yes = Boolean.parseBoolean("true");
                                defer(yes ? () -> log("then") : () -> log("else"));
                                defer((Action<RuntimeException>) () -> log("cast"));
                                defer((Action<RuntimeException> & java.io.Serializable) () -> log("serializable"));
                            }
                        }
                        """).runs("m.C", "run", "serializable", "cast", "then"),
                misuse("deeplyNestedLambdaScopes", """
                        @Deferred
                        public class C {
                            static void run() {
                                defer(() -> {
                                    defer(() -> {
                                        defer(() -> {
                                            defer(() -> {
                                                defer(() -> log("depth 5"));
                                                log("depth 4");
                                            });
                                            log("depth 3");
                                        });
                                        log("depth 2");
                                    });
                                    log("depth 1");
                                });
                                log("body");
                            }
                        }
                        """).runs("m.C", "run", "body", "depth 1", "depth 2", "depth 3", "depth 4", "depth 5"),
                misuse("twoTopLevelClasses_inOneFile", """
                        @Deferred
                        public class C {
                            static void run() { defer(() -> log("C")); Other.go(); }
                        }
                        @Deferred(Strategy.FRAME)
                        class Other {
                            static void go() { for (int i = 0; i < 2; i++) { int n = i; defer(() -> log("Other " + n)); } }
                        }
                        """).runs("m.C", "run", "Other 1", "Other 0", "C"),
                // ---- options
                misuse("release17", """
                        @Deferred
                        public class C {
                            static void run() { @Defer Res r = open("r", false); defer(() -> log("action")); }
                        }
                        """).options("--release", "17").runs("m.C", "run", "open r", "action", "close r"),
                misuse("fullDebugInfo", """
                        @Deferred
                        public class C {
                            static void run() { @Defer Res r = open("r", false); log("body"); defer(() -> r.end()); }
                        }
                        """).options("-g", "-parameters").runs("m.C", "run", "open r", "body", "end r", "close r"),
                misuse("noDebugInfo_noLineNumbers", """
                        @Deferred
                        public class C {
                            static void run() { @Defer Res r = open("r", false); defer(() -> log("action")); plain(); }
                            static void plain() { log("plain"); }
                        }
                        """).options("-g:none").runs("m.C", "run", "open r", "plain", "action", "close r"),
                misuse("debugInfoWithoutLines", """
                        @Deferred
                        public class C {
                            static void run() { @Defer Res r = open("r", false); log("body"); }
                        }
                        """).options("-g:source,vars").runs("m.C", "run", "open r", "body", "close r"),
                misuse("verbose_notesEachRewrittenMethod", """
                        @Deferred
                        public class C {
                            static void run() { defer(() -> log("action")); }
                        }
                        """).options("-Ajdefer.verbose").runs("m.C", "run", "action"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void misuse_isReportedClearly_orCompilesAndRuns_C1(MisuseCase misuse) throws Throwable {
        misuse.check();
    }
}
