package io.jdefer.classfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Javac;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The class-file entry of the post-compile step and the agent: the filter (SPEC C5: a class outside
 * every scope is not touched), idempotence, and the errors it reports, each naming the class and
 * the method (C1 where a class file can tell).
 */
class ClassFileRewriteTest {
    static final String SOURCE = """
            package r;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            public class Cases {
                @Deferred static void inScope() { defer(() -> System.out.println("x")); }
                static void outside() { defer(() -> System.out.println("y")); }
                @Deferred(Strategy.INLINE) static void loop(int n) { for (int i = 0; i < n; i++) defer(() -> {}); }
                static class Plain { int add(int a, int b) { return a + b; } }
                @Deferred static class Unused { int noDefers() { return 1; } }
            }
            """;

    private final Map<String, byte[]> classes = Javac.javac().withoutProcessor().compile(SOURCE).assertSuccess().classes();
    private final ClassLookup lookup = name -> classes.get(name.replace('/', '.'));

    @Test
    void aClassThatNamesNeitherDefersNorDeferred_isNotEvenParsed_C5() {
        RewriteOutcome outcome = ClassFileRewrite.rewrite(classes.get("r.Cases$Plain"), lookup, false);
        assertNull(outcome.className());
        assertNull(outcome.bytes());
        assertEquals(List.of(), outcome.problems());
    }

    @Test
    void aDeferredClassWithoutRegistrations_isLeftAsItIs_C5() {
        RewriteOutcome outcome = ClassFileRewrite.rewrite(classes.get("r.Cases$Unused"), lookup, false);
        assertEquals("r/Cases$Unused", outcome.className());
        assertNull(outcome.bytes());
        assertEquals(List.of(), outcome.problems());
    }

    @Test
    void aRegistrationOutsideEveryScope_isAnErrorNamingClassAndMethod_andNothingIsRewritten_S8_C1() {
        RewriteOutcome outcome = ClassFileRewrite.rewrite(classes.get("r.Cases"), lookup, false);
        assertNull(outcome.bytes());
        assertTrue(outcome.problems().stream().anyMatch(p -> p.startsWith("[jdefer:OUTSIDE_SCOPE] r.Cases.outside()V: defer(...)")),
                outcome.problems().toString());
    }

    @Test
    void inlineWithASiteInALoop_isAnErrorNamingTheMethod_C2() {
        String fixed = SOURCE.replace("static void outside() { defer", "@Deferred static void outside() { defer");
        Map<String, byte[]> compiled = Javac.javac().withoutProcessor().compile(fixed).assertSuccess().classes();
        RewriteOutcome outcome = ClassFileRewrite.rewrite(compiled.get("r.Cases"), name -> compiled.get(name.replace('/', '.')), false);
        assertNull(outcome.bytes());
        assertEquals(1, outcome.problems().size(), outcome.problems().toString());
        assertTrue(outcome.problems().get(0).startsWith("[jdefer:INLINE_IN_LOOP] r.Cases.loop(I)V: defer"), outcome.problems().toString());
    }

    @Test
    void aRewrittenClass_isRecognised_andLeftAlone_idempotence() {
        String fixed = SOURCE.replace("static void outside() { defer", "@Deferred static void outside() { defer")
                .replace("@Deferred(Strategy.INLINE) static void loop", "@Deferred static void loop");
        Map<String, byte[]> compiled = Javac.javac().withoutProcessor().compile(fixed).assertSuccess().classes();
        ClassLookup own = name -> compiled.get(name.replace('/', '.'));
        RewriteOutcome first = ClassFileRewrite.rewrite(compiled.get("r.Cases"), own, false);
        assertEquals(List.of(), first.problems());
        assertEquals(3, first.methods().size(), first.methods().toString());
        assertTrue(first.methods().get(0).startsWith("jdefer: r.Cases."), first.methods().toString());
        RewriteOutcome second = ClassFileRewrite.rewrite(first.bytes(), own, false);
        assertTrue(second.alreadyRewritten());
        assertNull(second.bytes());
        assertEquals(List.of(), second.methods());
        RewriteOutcome processed = ClassFileRewrite.rewrite(Javac.javac().compile(fixed).assertSuccess().bytes("r.Cases"), own, false);
        assertTrue(processed.alreadyRewritten(), "the processor's output is left alone too");
    }

    @Test
    void check_reportsTheSameMethods_butReturnsNoBytes() {
        String fixed = SOURCE.replace("static void outside() { defer", "@Deferred static void outside() { defer")
                .replace("@Deferred(Strategy.INLINE) static void loop", "@Deferred static void loop");
        Map<String, byte[]> compiled = Javac.javac().withoutProcessor().compile(fixed).assertSuccess().classes();
        ClassLookup own = name -> compiled.get(name.replace('/', '.'));
        RewriteOutcome checked = ClassFileRewrite.rewrite(compiled.get("r.Cases"), own, true);
        assertNull(checked.bytes());
        assertFalse(checked.alreadyRewritten());
        assertEquals(ClassFileRewrite.rewrite(compiled.get("r.Cases"), own, false).methods(), checked.methods());
    }

    @Test
    void aDeferLocal_isRewrittenFromTheClassFileAlone_withAnyDebugInfo_S9() {
        String source = """
                package r;
                import io.jdefer.*;
                public class Locals {
                    static class Res { void close() {} }
                    @Deferred static void local() { @Defer Res r = new Res(); }
                }
                """;
        for (String debug : List.of("-g", "-g:none")) {
            Map<String, byte[]> compiled = Javac.javac().withoutProcessor().options(debug).compile(source).assertSuccess().classes();
            RewriteOutcome outcome = ClassFileRewrite.rewrite(compiled.get("r.Locals"), name -> compiled.get(name.replace('/', '.')), false);
            assertEquals(List.of(), outcome.problems(), debug);
            assertEquals(1, outcome.methods().size(), debug);
            assertTrue(outcome.changed() && outcome.methods().get(0).startsWith("jdefer: r.Locals.local()V: open-coded, 1 site,"),
                    debug + " " + outcome.methods());
        }
    }

    @Test
    void bytesThatAreNoClassFile_areAProblem_notAnException() {
        RewriteOutcome outcome = ClassFileRewrite.rewrite(new byte[] {1, 2, 3}, lookup, false);
        assertNull(outcome.bytes());
        assertEquals(1, outcome.problems().size());
    }
}
