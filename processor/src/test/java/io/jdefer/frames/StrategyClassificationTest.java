package io.jdefer.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Bytecodes;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import io.jdefer.testing.Trace;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.tree.MethodNode;

/**
 * SPEC C2: a site on a cycle of the control-flow graph is dynamic and puts the whole method on a
 * pooled frame; a site on no cycle is static and is open-coded. The strategy is read three ways:
 * calls to {@code io/jdefer/runtime/FramePool} in the bytecode, the {@code -Ajdefer.verbose} note,
 * and the behaviour (every loop iteration's action runs, LIFO).
 */
class StrategyClassificationTest {
    static final String FRAME_POOL = "io/jdefer/runtime/FramePool";

    static final String SHAPES = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;
            import java.util.List;

            @Deferred
            public class Shapes {
                static void forLoop(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("for " + k));
                    }
                }

                static void forEach(List<String> items) {
                    for (String item : items) {
                        defer(() -> Trace.log("each " + item));
                    }
                }

                static void whileTrueBreak(int n) {
                    int i = 0;
                    while (true) {
                        if (i == n) break;
                        int k = i++;
                        defer(() -> Trace.log("break " + k));
                    }
                }

                static int whileTrueReturn(int n) {
                    int i = 0;
                    while (true) {
                        int k = i;
                        defer(() -> Trace.log("return " + k));
                        if (++i >= n) return i;
                    }
                }

                static void doWhile(int n) {
                    int i = 0;
                    do {
                        int k = i;
                        defer(() -> Trace.log("do " + k));
                    } while (++i < n);
                }

                static void labeledContinue(int n) {
                    outer:
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            if (j == 1) continue outer;
                            int k = i;
                            defer(() -> Trace.log("continue " + k));
                        }
                    }
                }

                static void labeledBreak(int n) {
                    outer:
                    for (int i = 0; ; i++) {
                        for (int j = 0; j < 3; j++) {
                            if (i == n) break outer;
                            int k = i * 10 + j;
                            if (j == 2) defer(() -> Trace.log("labeled " + k));
                        }
                    }
                }

                /** The only way back to the site is through the catch block: a cycle formed by an exception edge. */
                static int retry(int failures) {
                    int attempt = 0;
                    for (;;) {
                        try {
                            int k = attempt;
                            defer(() -> Trace.log("attempt " + k));
                            if (attempt < failures) throw new IllegalStateException("fail " + attempt);
                            return attempt;
                        } catch (IllegalStateException e) {
                            attempt++;
                        }
                    }
                }

                static void tryInsideLoop(int n) {
                    int i = 0;
                    while (i < n) {
                        try {
                            int k = i;
                            defer(() -> Trace.log("try " + k));
                            if (k % 2 == 0) throw new RuntimeException();
                        } catch (RuntimeException e) {
                            Trace.log("caught " + i);
                        } finally {
                            i++;
                        }
                    }
                }

                static void afterLoop(int n) {
                    int sum = 0;
                    for (int i = 0; i < n; i++) sum += i;
                    int s = sum;
                    defer(() -> Trace.log("after " + s));
                }

                static void inIf(boolean b) {
                    if (b) defer(() -> Trace.log("if"));
                    else defer(() -> Trace.log("else"));
                }

                static void lambdaInLoop(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        Runnable r = () -> {
                            defer(() -> Trace.log("lambda action " + k));
                            Trace.log("lambda body " + k);
                        };
                        r.run();
                    }
                }

                static void mixed(int n) {
                    defer(() -> Trace.log("static first"));
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("dynamic " + k));
                    }
                    defer(() -> Trace.log("static last"));
                    Trace.log("body");
                }

                static final Object MONITOR = new Object();
                static void inSynchronized() {
                    synchronized (MONITOR) {
                        defer(() -> Trace.log("synchronized"));
                    }
                }

                static void inTryWithResources() throws Exception {
                    try (AutoCloseable c = () -> Trace.log("resource closed")) {
                        defer(() -> Trace.log("twr"));
                    }
                }

                static void doWhileFalse() {
                    do {
                        defer(() -> Trace.log("do once"));
                    } while (false);
                }

                static void loopLeftAtOnce() {
                    while (true) {
                        defer(() -> Trace.log("once in while"));
                        break;
                    }
                }

                @Deferred(Strategy.FRAME)
                static void forcedFrame(boolean twice) {
                    defer(() -> Trace.log("forced 1"));
                    if (twice) defer(() -> Trace.log("forced 2"));
                }

                @Deferred(Strategy.FRAME)
                static void forcedCycle() {
                    defer(() -> Trace.log("cycle 1"));
                    defer(() -> Trace.log("cycle 2"));
                }

                @Deferred(Strategy.INLINE)
                static void inlineStatic(boolean b) {
                    defer(() -> Trace.log("inline 1"));
                    if (b) defer(() -> Trace.log("inline 2"));
                }
            }
            """;

    private static Compilation shapes;

    static synchronized Compilation shapes() {
        if (shapes == null) {
            shapes = Javac.javac().options("-Ajdefer.verbose").compile(SHAPES).assertSuccess().assertVerifies();
        }
        return shapes;
    }

    @BeforeEach
    void clearTrace() {
        Trace.take();
    }

    private static MethodNode method(String name) {
        return Bytecodes.method(shapes().bytes("t.Shapes"), name);
    }

    private static String note(String methodAndDescriptor) {
        List<String> notes = shapes().diagnostics(Diagnostic.Kind.NOTE).stream()
                .map(d -> d.getMessage(Locale.ROOT))
                .filter(m -> m.contains("t.Shapes." + methodAndDescriptor + ":"))
                .collect(Collectors.toList());
        assertEquals(1, notes.size(), "one verbose note for " + methodAndDescriptor + " among\n" + shapes().diagnosticsText());
        return notes.get(0);
    }

    private static void assertFrame(String name, String descriptor, int sites, int inLoops) {
        assertEquals(List.of("release", "take"), Bytecodes.poolCalls(method(name)).stream().distinct().sorted().collect(Collectors.toList()),
                name + " should take and release a pooled frame");
        String note = note(name + descriptor);
        assertTrue(note.contains(": frame (site in a loop), " + sites + (sites == 1 ? " site" : " sites") + " (" + inLoops + " in loops)"), note);
    }

    private static void assertOpenCoded(String name, String descriptor) {
        assertEquals(List.of(), Bytecodes.callsTo(method(name), FRAME_POOL), name + " should not touch the pool");
        assertTrue(note(name + descriptor).contains(": open-coded, "), note(name + descriptor));
    }

    @Test
    void siteInForLoop_isDynamic_andUsesAFrame_C2() throws Throwable {
        assertFrame("forLoop", "(I)V", 1, 1);
        shapes().call("t.Shapes", "forLoop", 3);
        assertEquals(List.of("for 2", "for 1", "for 0"), Trace.take());
    }

    @Test
    void siteInEnhancedFor_isDynamic_C2() throws Throwable {
        assertFrame("forEach", "(Ljava/util/List;)V", 1, 1);
        shapes().call("t.Shapes", "forEach", List.of("a", "b", "c"));
        assertEquals(List.of("each c", "each b", "each a"), Trace.take());
    }

    @Test
    void siteInWhileTrue_leftByBreak_isDynamic_C2() throws Throwable {
        assertFrame("whileTrueBreak", "(I)V", 1, 1);
        shapes().call("t.Shapes", "whileTrueBreak", 3);
        assertEquals(List.of("break 2", "break 1", "break 0"), Trace.take());
    }

    @Test
    void siteInWhileTrue_leftByReturn_isDynamic_C2() throws Throwable {
        assertFrame("whileTrueReturn", "(I)I", 1, 1);
        assertEquals(3, shapes().call("t.Shapes", "whileTrueReturn", 3));
        assertEquals(List.of("return 2", "return 1", "return 0"), Trace.take());
    }

    @Test
    void siteInDoWhile_isDynamic_C2() throws Throwable {
        assertFrame("doWhile", "(I)V", 1, 1);
        shapes().call("t.Shapes", "doWhile", 3);
        assertEquals(List.of("do 2", "do 1", "do 0"), Trace.take());
    }

    @Test
    void siteUnderLabeledContinue_isDynamic_C2() throws Throwable {
        assertFrame("labeledContinue", "(I)V", 1, 1);
        shapes().call("t.Shapes", "labeledContinue", 3);
        assertEquals(List.of("continue 2", "continue 1", "continue 0"), Trace.take());
    }

    @Test
    void siteUnderLabeledBreak_isDynamic_C2() throws Throwable {
        assertFrame("labeledBreak", "(I)V", 1, 1);
        shapes().call("t.Shapes", "labeledBreak", 2);
        assertEquals(List.of("labeled 12", "labeled 2"), Trace.take());
    }

    @Test
    void siteInRetryLoop_closedOnlyThroughACatchBlock_isDynamic_C2() throws Throwable {
        assertFrame("retry", "(I)I", 1, 1);
        assertEquals(2, shapes().call("t.Shapes", "retry", 2));
        assertEquals(List.of("attempt 2", "attempt 1", "attempt 0"), Trace.take());
    }

    @Test
    void siteInTryInsideALoop_isDynamic_C2() throws Throwable {
        assertFrame("tryInsideLoop", "(I)V", 1, 1);
        shapes().call("t.Shapes", "tryInsideLoop", 3);
        assertEquals(List.of("caught 0", "caught 2", "try 2", "try 1", "try 0"), Trace.take());
    }

    @Test
    void siteAfterALoop_isStatic_andOpenCoded_C2() throws Throwable {
        assertOpenCoded("afterLoop", "(I)V");
        shapes().call("t.Shapes", "afterLoop", 4);
        assertEquals(List.of("after 6"), Trace.take());
    }

    @Test
    void sitesInIfAndElse_areStatic_C2() throws Throwable {
        assertOpenCoded("inIf", "(Z)V");
        shapes().call("t.Shapes", "inIf", true);
        shapes().call("t.Shapes", "inIf", false);
        assertEquals(List.of("if", "else"), Trace.take());
    }

    @Test
    void siteInALambdaInsideALoop_isStaticInTheLambdasOwnScope_S8_C2() throws Throwable {
        assertEquals(List.of(), Bytecodes.callsTo(method("lambdaInLoop"), FRAME_POOL));
        List<MethodNode> rewrittenLambdas = Bytecodes.classNode(shapes().bytes("t.Shapes")).methods.stream()
                .filter(m -> m.name.startsWith("lambda$lambdaInLoop$"))
                .filter(m -> m.attrs != null && m.attrs.stream().anyMatch(a -> a.type.equals("JdeferLowering")))
                .collect(Collectors.toList());
        assertEquals(1, rewrittenLambdas.size(), "the lambda whose body registers is the one rewritten scope");
        MethodNode lambda = rewrittenLambdas.get(0);
        assertTrue(lambda.tryCatchBlocks.stream().anyMatch(b -> b.type == null), "it has a catch-all handler that runs its action");
        assertEquals(List.of(), Bytecodes.callsTo(lambda, FRAME_POOL), "the lambda's site runs once per lambda invocation");
        shapes().call("t.Shapes", "lambdaInLoop", 2);
        assertEquals(List.of("lambda body 0", "lambda action 0", "lambda body 1", "lambda action 1"), Trace.take());
    }

    @Test
    void sitesUnderJavacsOwnHandlers_synchronizedAndTryWithResources_areStatic_C2() throws Throwable {
        assertOpenCoded("inSynchronized", "()V");
        assertOpenCoded("inTryWithResources", "()V");
        shapes().call("t.Shapes", "inSynchronized");
        shapes().call("t.Shapes", "inTryWithResources");
        assertEquals(List.of("synchronized", "resource closed", "twr"), Trace.take());
    }

    @Test
    void loopsThatCannotRepeat_haveNoCycle_soTheirSitesAreStatic_C2() throws Throwable {
        assertOpenCoded("doWhileFalse", "()V");
        assertOpenCoded("loopLeftAtOnce", "()V");
        shapes().call("t.Shapes", "doWhileFalse");
        shapes().call("t.Shapes", "loopLeftAtOnce");
        assertEquals(List.of("do once", "once in while"), Trace.take());
    }

    @Test
    void oneDynamicSite_putsTheWholeMethodOnAFrame_withOneLifoOrder_C2_S2() throws Throwable {
        assertFrame("mixed", "(I)V", 3, 1);
        // the plan says where each site went, and -Ajdefer.verbose prints it (SPEC section 5)
        String note = note("mixed(I)V");
        assertTrue(note.contains(", entries of one layout (int), open-coded beside the frame: #0 before the entries and #2 after them,"),
                note);
        shapes().call("t.Shapes", "mixed", 2);
        assertEquals(List.of("body", "static last", "dynamic 1", "dynamic 0", "static first"), Trace.take());
    }

    @Test
    void frameStrategy_forcesAFrame_withoutLoops_C2() throws Throwable {
        // the prologue's borrow once a call has borrowed (D24), then each registration's if none is held
        assertEquals(List.of("take", "take", "take", "release"), Bytecodes.poolCalls(method("forcedFrame")));
        String note = note("forcedFrame(Z)V");
        assertTrue(note.contains(": frame (FRAME requested), 2 sites,"), note);
        assertTrue(note.contains(" bytes, entries of a site id only, borrows"), note); // the second may not register: ids stored (D34)
        shapes().call("t.Shapes", "forcedFrame", true);
        assertEquals(List.of("forced 2", "forced 1"), Trace.take());
        shapes().call("t.Shapes", "forcedFrame", false);
        assertEquals(List.of("forced 1"), Trace.take());
    }

    @Test
    void frameStrategy_onSitesOfOneCycle_thatKeepNoValue_countsWithoutAFrame_C4_D35() throws Throwable {
        // every path registers cycle 1 then cycle 2: the count is the whole record, as for one site (D35)
        assertEquals(List.of(), Bytecodes.poolCalls(method("forcedCycle")));
        String note = note("forcedCycle()V");
        assertTrue(note.contains(": frame (FRAME requested), 2 sites,"), note);
        assertTrue(note.endsWith(" bytes, a count, site from the position in a cycle of 2, no frame"), note);
        shapes().call("t.Shapes", "forcedCycle");
        assertEquals(List.of("cycle 2", "cycle 1"), Trace.take());
    }

    @Test
    void inlineStrategy_withStaticSites_isOpenCoded_C2() throws Throwable {
        assertOpenCoded("inlineStatic", "(Z)V");
        shapes().call("t.Shapes", "inlineStatic", true);
        assertEquals(List.of("inline 2", "inline 1"), Trace.take());
    }

    static final String INLINE_LOOPS = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;

            public class InlineLoops {
                @Deferred(Strategy.INLINE)
                static void forLoop(int n) {
                    defer(() -> System.out.println("static, fine"));
                    for (int i = 0; i < n; i++) {
                        defer(() -> System.out.println("in the loop"));
                    }
                }

                @Deferred(Strategy.INLINE)
                static void retry() {
                    while (true) {
                        try {
                            deferOnError(() -> System.out.println("retry"));
                            return;
                        } catch (RuntimeException e) {
                            System.out.println("again");
                        }
                    }
                }

                @Deferred(Strategy.INLINE)
                static void forEachInLambda(java.util.List<String> items) {
                    Runnable r = () -> {
                        for (String item : items) {
                            defer(() -> System.out.println(item));
                        }
                    };
                    r.run();
                }

                @Deferred(Strategy.INLINE)
                static void fine() {
                    defer(() -> System.out.println("once"));
                }
            }
            """;

    private static int lineOf(String text, String fragment) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(fragment)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line containing " + fragment);
    }

    @Test
    void inlineStrategy_withALoopSite_isAnErrorAtTheSite_namingTheLoop_C1_C2() {
        Compilation c = Javac.javac().compile(INLINE_LOOPS);
        assertFalse(c.success(), "INLINE with a site in a loop must not compile");
        List<Diagnostic<? extends javax.tools.JavaFileObject>> errors = c.diagnostics(Diagnostic.Kind.ERROR);
        List<String> found = errors.stream().map(d -> d.getLineNumber() + " " + d.getMessage(Locale.ROOT)).collect(Collectors.toList());
        assertEquals(3, errors.size(), String.join("\n", found));
        assertTrue(errors.stream().allMatch(d -> d.getMessage(Locale.ROOT).startsWith("[jdefer:INLINE_IN_LOOP] ")), String.join("\n", found));

        Diagnostic<?> forError = errors.get(0);
        assertEquals(lineOf(INLINE_LOOPS, "\"in the loop\""), forError.getLineNumber(), found.toString());
        assertTrue(forError.getMessage(Locale.ROOT).contains("for loop at line " + lineOf(INLINE_LOOPS, "for (int i = 0")), found.toString());
        assertTrue(forError.getMessage(Locale.ROOT).contains("`forLoop`"), found.toString());

        Diagnostic<?> retryError = errors.get(1);
        assertEquals(lineOf(INLINE_LOOPS, "\"retry\""), retryError.getLineNumber(), found.toString());
        assertTrue(retryError.getMessage(Locale.ROOT).contains("while loop at line " + lineOf(INLINE_LOOPS, "while (true)")), found.toString());

        Diagnostic<?> lambdaError = errors.get(2);
        assertEquals(lineOf(INLINE_LOOPS, "println(item)"), lambdaError.getLineNumber(), found.toString());
        assertTrue(lambdaError.getMessage(Locale.ROOT).contains("for-each loop at line " + lineOf(INLINE_LOOPS, "for (String item")), found.toString());
        int staticSite = lineOf(INLINE_LOOPS, "\"static, fine\"");
        int onceSite = lineOf(INLINE_LOOPS, "\"once\"");
        assertTrue(errors.stream().noneMatch(d -> d.getLineNumber() == staticSite || d.getLineNumber() == onceSite), "static sites are fine: " + found);
    }

    @Test
    void verboseNote_namesEveryRewrittenMethod_C6() {
        for (String method : List.of("forLoop(I)V", "forEach(Ljava/util/List;)V", "whileTrueBreak(I)V", "whileTrueReturn(I)I", "doWhile(I)V",
                "labeledContinue(I)V", "labeledBreak(I)V", "retry(I)I", "tryInsideLoop(I)V", "afterLoop(I)V", "inIf(Z)V", "mixed(I)V",
                "inSynchronized()V", "inTryWithResources()V", "doWhileFalse()V", "loopLeftAtOnce()V", "forcedFrame(Z)V", "forcedCycle()V", "inlineStatic(Z)V")) {
            assertFalse(note(method).isEmpty());
        }
    }
}
