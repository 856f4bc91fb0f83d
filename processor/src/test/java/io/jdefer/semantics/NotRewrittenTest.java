package io.jdefer.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import io.jdefer.testing.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC S11: code that reaches run time unrewritten fails loudly; cleanup is never skipped silently. */
class NotRewrittenTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;
            public class Plain {
                @Deferred
                static void registers() {
                    defer(() -> Trace.log("never silently skipped"));
                    Trace.log("not reached");
                }
                @Deferred static void onError() { deferOnError(() -> Trace.log("x")); }
                @Deferred static void onSuccess() { deferOnSuccess(() -> Trace.log("x")); }
                static Throwable recovers() { return recover(); }
            }
            """;

    @Test
    void unrewrittenDefer_throwsIllegalStateException_namingTheClassAndTheFix_S11() {
        Compilation c = Javac.javac().withoutProcessor().compile(PROGRAM).assertSuccess();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.call("t.Plain", "registers"));
        assertTrue(e.getMessage().contains("t.Plain.registers"), e.getMessage());
        assertTrue(e.getMessage().contains("jdefer-processor") && e.getMessage().contains("annotationProcessorPaths"), e.getMessage());
        // Every known cause with its fix: no processor; JDK 23+ and the plain classpath; another compiler; launcher and jshell.
        for (String fix : List.of("-proc:none", "JDK 23", "-proc:full", "-processorpath", "ECJ",
                "java -jar jdefer-processor.jar <classes dir | jar>", "jshell", "java Foo.java", "-javaagent:jdefer-processor.jar",
                "docs/setup.md")) {
            assertTrue(e.getMessage().contains(fix), fix + " in: " + e.getMessage());
        }
        assertEquals(List.of(), Trace.take());
        assertThrows(IllegalStateException.class, () -> c.call("t.Plain", "onError"));
        assertThrows(IllegalStateException.class, () -> c.call("t.Plain", "onSuccess"));
    }

    @Test
    void unrewrittenRecover_returnsNull_S11() throws Throwable {
        assertNull(Javac.javac().withoutProcessor().compile(PROGRAM).assertSuccess().call("t.Plain", "recovers"));
    }

    @Test
    void checkingWithoutRewriting_leavesTheCallsThatFailLoudly_S11_C6() {
        Compilation c = Javac.javac().options("-Ajdefer.rewrite=false").compile(PROGRAM).assertSuccess();
        assertThrows(IllegalStateException.class, () -> c.call("t.Plain", "registers"));
    }
}
