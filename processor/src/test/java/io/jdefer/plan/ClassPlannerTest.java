package io.jdefer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdefer.rewrite.ClassFileShapes;
import io.jdefer.rewrite.ClassPlanner;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

/**
 * SPEC section 5: the planner is a pure function of the class file. Each program is compiled by
 * javac without the processor; the planner reads only the bytes (and, for the class-wide scope,
 * what the source would give), and its plan is compared whole with a golden text.
 */
class ClassPlannerTest {
    private static final String API = """
            package p;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import java.util.concurrent.locks.ReentrantLock;
            """;

    /** The plan of {@code binaryName} in {@code source}, compiled with {@code options}, javac's own bytes. */
    static String plan(String binaryName, StrategyChoice classStrategy, String source, String... options) {
        Compilation c = Javac.javac().withoutProcessor().options(options).compile(API + source).assertSuccess();
        ClassNode node = new ClassNode();
        new ClassReader(c.bytes(binaryName)).accept(node, ClassReader.SKIP_FRAMES);
        ClassFileShapes shapes = new ClassFileShapes(name -> c.classes().get(name.replace('/', '.')));
        ClassPlanner.Planned planned = new ClassPlanner(shapes).plan(node, SourcePlan.bytecodeOnly(node.name, classStrategy));
        String problems = planned.problems().stream().map(p -> "\n  problem " + p.kind() + " " + p.method() + " line " + p.line()
                + ": " + p.detail()).collect(Collectors.joining());
        return planned.plan() + problems;
    }

    @Test
    void openCoded_lambdaReferenceAndConditionalSites_C3() {
        assertEquals("""
                class p/A, runtime read by the static initializer
                  run(Ljava/util/concurrent/locks/ReentrantLock;I)I: open-coded (AUTO)
                    #0 defer line 11 @11 -> reference ReentrantLock.unlock()V captures Ljava/util/concurrent/locks/ReentrantLock;
                    #1 deferOnError line 12 @16 -> lambda body A.lambda$run$0(I)V captures I
                    #2 deferOnSuccess line 13 @20 -> reference A.done()V""", plan("p.A", null, """
                class A {
                    static void log(int n) {}
                    static void done() {}
                    @Deferred
                    static int run(ReentrantLock mu, int n) {
                        mu.lock();
                        defer(mu::unlock);
                        deferOnError(() -> log(n));
                        deferOnSuccess(A::done);
                        return n;
                    }
                }
                """));
    }

    @Test
    void aSiteInALoop_givesTheWholeMethodAFrame_andINLINEIsAProblem_C2() {
        assertEquals("""
                class p/B, runtime read by the static initializer
                  loop(I)V: frame (AUTO, site in a loop), entries of one layout (int), open-coded beside the frame: \
                #0 before the entries, borrows in the prologue once jdefer$grew3 is set
                    #0 defer line 10 @3 -> reference B.done()V
                    #1 defer line 13 @20 dynamic -> lambda body B.lambda$loop$0(I)V captures I
                  problem INLINE_DYNAMIC_SITE inline(I)V line 19: defer can run more than once per invocation""", plan("p.B", null, """
                class B {
                    static void done() {}
                    static void log(int i) {}
                    @Deferred
                    static void loop(int n) {
                        defer(B::done);
                        for (int i = 0; i < n; i++) {
                            int k = i;
                            defer(() -> log(k));
                        }
                    }
                    @Deferred(Strategy.INLINE)
                    static void inline(int n) {
                        while (n-- > 0) {
                            defer(B::done);
                        }
                    }
                }
                """));
    }

    @Test
    void deferLocals_fromTheirTypeAnnotations_withoutDebugInfo_S9() {
        String source = """
                class C {
                    static class R implements AutoCloseable { public void close() {} void unlock() {} }
                    interface H { void release(); }
                    static <T extends Number & AutoCloseable> void bounded(T value) {
                        @Defer T v = value;
                        v.intValue();
                    }
                    static void twoOnOneLine(H h) {
                        @Defer R a = new R(); @Defer("release") H b = h; a.hashCode();
                    }
                    static void inFinally(boolean fail) {
                        try {
                            if (fail) throw new IllegalStateException();
                        } finally {
                            @Defer("unlock") R r = new R();
                            r.hashCode();
                        }
                    }
                }
                """;
        String golden = """
                class p/C (@Deferred AUTO), runtime read by the static initializer
                  bounded(Ljava/lang/Number;)V: open-coded (AUTO)
                    #0 @Defer @1 -> (cast) AutoCloseable.close()V captures Ljava/lang/Number;
                  twoOnOneLine(Lp/C$H;)V: open-coded (AUTO)
                    #0 @Defer @3 -> C$R.close()V captures Lp/C$R; recover offers
                    #1 @Defer @6 -> C$H.release()V captures Lp/C$H; recover offers
                  inFinally(Z)V: open-coded (AUTO)
                    #0 @Defer @11 -> C$R.unlock()V captures Lp/C$R; recover offers
                    #1 @Defer @23 -> C$R.unlock()V captures Lp/C$R; recover offers""";
        assertEquals(golden, plan("p.C", StrategyChoice.AUTO, source, "-g:none"));
        assertEquals(golden.replaceAll(" @\\d+ ", " "), plan("p.C", StrategyChoice.AUTO, source, "-g").replaceAll(" line \\d+", "")
                .replaceAll(" @\\d+ ", " "), "the same plan with -g, but for the lines and javac's other instruction indexes");
    }

    @Test
    void recoverRoles_areDecidedFromThisClassAlone_S5_D3() {
        assertEquals("""
                class p/D, runtime read by the static initializer
                  target()V: none, claims
                  viaLambda()V: open-coded (AUTO)
                    #0 defer @1 -> lambda body D.lambda$viaLambda$0()V recover passes-pending
                  viaReference(Lp/D;)V: open-coded (AUTO)
                    #0 defer @5 -> reference D.target()V captures Lp/D; recover offers
                  lambda$viaLambda$0()V: none, takes pending""", plan("p.D", null, """
                class D {
                    @Deferred void target() { recover(); }
                    @Deferred static void viaLambda() { defer(() -> recover()); }
                    @Deferred static void viaReference(D d) { defer(d::target); }
                }
                """, "-g:none"));
    }

    /**
     * D26: a method reference is offered P unless the class file says exactly that the method it
     * runs cannot claim: a static, private or final method of this class (or any method of a final
     * class) that does not call {@code recover()}. A method a subclass may override is offered.
     */
    @Test
    void recoverOffers_skipATargetOfThisClassThatCannotClaim_S5_D26() {
        assertEquals("""
                class p/E, runtime read by the static initializer
                  claims()V: none, claims
                  run(Lp/E;)V: open-coded (AUTO)
                    #0 defer @1 -> reference E.plain()V
                    #1 defer @3 -> reference E.claims()V recover offers
                    #2 defer @9 -> reference E.overridable()V captures Lp/E; recover offers
                    #3 defer @15 -> reference E.fixed()V captures Lp/E;
                    #4 defer @21 -> reference E.hidden()V captures Lp/E;
                    #5 defer @26 -> reference G.plain()V captures Lp/G; recover offers""", plan("p.E", null, """
                class E {
                    static void plain() {}
                    @Deferred static void claims() { recover(); }
                    void overridable() {}
                    final void fixed() {}
                    private void hidden() {}
                    @Deferred static void run(E e) {
                        defer(E::plain);
                        defer(E::claims);
                        defer(e::overridable);
                        defer(e::fixed);
                        defer(e::hidden);
                        defer(new G()::plain);
                    }
                }
                final class G {
                    void plain() {}
                    @Deferred void run() { defer(this::plain); }
                }
                """, "-g:none"));
        assertEquals("""
                class p/G, runtime read by the static initializer
                  run()V: open-coded (AUTO)
                    #0 defer @2 -> reference G.plain()V captures Lp/G;""", plan("p.G", null, """
                final class G {
                    void plain() {}
                    @Deferred void run() { defer(this::plain); }
                }
                """, "-g:none"), "a final class's own method: no subclass can override it");
    }
}
