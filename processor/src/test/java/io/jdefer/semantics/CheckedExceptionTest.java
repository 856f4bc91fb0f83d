package io.jdefer.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import io.jdefer.testing.Trace;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC S7: the method must declare or catch what an action throws, as if the action's body stood at the call. */
class CheckedExceptionTest {
    @Test
    void anActionsCheckedException_mustBeDeclared_S7() {
        Compilation c = Javac.javac().compile("""
                package t;
                import static io.jdefer.Defers.*;
                import io.jdefer.*;
                public class Undeclared {
                    @Deferred
                    static void close(java.io.Closeable in) {
                        defer(in::close);
                    }
                }
                """);
        assertFalse(c.success());
        assertTrue(c.diagnosticsText().contains("unreported exception java.io.IOException"), c.diagnosticsText());
    }

    @Test
    void aDeclaredCheckedException_fromAnAction_propagates_S7() throws Throwable {
        Compilation c = Javac.javac().compile("""
                package t;
                import static io.jdefer.Defers.*;
                import io.jdefer.*;
                import io.jdefer.testing.Trace;
                public class Declared {
                    @Deferred
                    static String read() throws java.io.IOException {
                        defer(() -> { throw new java.io.IOException("close failed"); });
                        Trace.log("body");
                        return "data";
                    }
                    @Deferred
                    static String caught() {
                        try {
                            return read();
                        } catch (java.io.IOException e) {
                            return "caught " + e.getMessage();
                        }
                    }
                }
                """).assertSuccess().assertVerifies();
        IOException e = assertThrows(IOException.class, () -> c.call("t.Declared", "read"));
        assertEquals("close failed", e.getMessage());
        assertEquals("caught close failed", c.call("t.Declared", "caught"));
        assertEquals(List.of("body", "body"), Trace.take());
    }
}
