package io.jdefer.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.jdefer.processor.DeferProcessor;
import io.jdefer.testing.Bytecodes;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import io.jdefer.testing.Trace;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodNode;

/** SPEC C3 (what open-coding leaves in the bytecode), C5 (output) and C6 (where and how it runs). */
class OutputTest {
    static final String DEFERRING = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;
            import java.util.concurrent.locks.Lock;

            public class Deferring {
                @Deferred
                static int handle(Lock mu, int x) {
                    mu.lock();
                    defer(mu::unlock);
                    int y = x + 1;
                    defer(() -> Trace.log("span end " + y));
                    if (x < 0) return -1;
                    return y;
                }

                @Deferred
                static void failing() {
                    defer(() -> {
                        Trace.log("action");
                        throw new IllegalStateException("from the action");
                    });
                    Trace.log("body");
                }

                static int untouched(int x) {
                    Runnable r = () -> Trace.log("plain lambda " + x);
                    r.run();
                    return x;
                }
            }
            """;

    static final String PLAIN = """
            package t;
            import java.util.function.Supplier;
            public class Plain {
                static Supplier<String> make(String s) {
                    try { return () -> s + "!"; } finally { System.out.println("made"); }
                }
                enum E { A, B; }
                record R(int a, String b) {}
            }
            """;

    @Test
    void openCodedSites_leaveNoInvokedynamic_andNoCallToDefers_C3() {
        Compilation c = Javac.javac().compile(DEFERRING).assertSuccess().assertVerifies();
        MethodNode handle = Bytecodes.method(c.bytes("t.Deferring"), "handle");
        assertEquals(0, Bytecodes.count(handle, Opcodes.INVOKEDYNAMIC), Bytecodes.javapMethod(c.bytes("t.Deferring"), "handle("));
        assertEquals(List.of(), Bytecodes.callsTo(handle, "io/jdefer/Defers"));
        assertEquals(List.of(), Bytecodes.callsTo(handle, "io/jdefer/runtime/FramePool"), "open-coded, no frame");
        assertEquals(0, Bytecodes.count(handle, Opcodes.NEW), "no allocation added");
        assertEquals(1, Bytecodes.count(Bytecodes.method(c.bytes("t.Deferring"), "untouched"), Opcodes.INVOKEDYNAMIC),
                "a lambda that is not a deferred action is left alone");
    }

    @Test
    void actionsThatNeverRecover_payNothingForRecover_C3_S5() {
        Compilation c = Javac.javac().compile(DEFERRING).assertSuccess();
        MethodNode handle = Bytecodes.method(c.bytes("t.Deferring"), "handle");
        assertEquals(List.of(), Bytecodes.callsTo(handle, "io/jdefer/runtime/Recovery"));
        for (MethodNode method : Bytecodes.classNode(c.bytes("t.Deferring")).methods) {
            // the lambda bodies: none rewritten to take and return P (the added exits of D37 take it by design)
            if (method.name.startsWith("lambda$")) {
                assertFalse(method.desc.endsWith(")Ljava/lang/Throwable;"), method.name + method.desc + " takes no pending throwable");
            } else if (method.name.startsWith("jdefer$unwind")) {
                assertEquals(List.of(), Bytecodes.callsTo(method, "io/jdefer/runtime/Recovery"), method.name + " offers nothing");
            }
        }
    }

    @Test
    void aClassWithoutDeferred_isByteIdentical_withAndWithoutTheProcessor_C5() {
        Compilation with = Javac.javac().compile(PLAIN, DEFERRING).assertSuccess();
        Compilation without = Javac.javac().withoutProcessor().compile(PLAIN, DEFERRING).assertSuccess();
        for (String name : List.of("t.Plain", "t.Plain$E", "t.Plain$R")) {
            assertArrayEquals(without.bytes(name), with.bytes(name), name);
        }
        assertFalse(java.util.Arrays.equals(without.bytes("t.Deferring"), with.bytes("t.Deferring")));
    }

    @Test
    void output_isDeterministic_C5() {
        Map<String, byte[]> first = Javac.javac().compile(DEFERRING, PLAIN).assertSuccess().classes();
        Map<String, byte[]> second = Javac.javac().compile(DEFERRING, PLAIN).assertSuccess().classes();
        assertEquals(first.keySet(), second.keySet());
        for (String name : first.keySet()) {
            assertArrayEquals(first.get(name), second.get(name), name);
        }
    }

    @Test
    void stackTracesThroughAnAction_showTheUsersLines_C5() {
        Compilation c = Javac.javac().compile(DEFERRING).assertSuccess();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.call("t.Deferring", "failing"));
        StackTraceElement action = e.getStackTrace()[0];
        assertEquals("Deferring.java", action.getFileName());
        assertEquals(22, action.getLineNumber(), "the throw inside the action");
        StackTraceElement caller = e.getStackTrace()[1];
        assertEquals("failing", caller.getMethodName());
        assertEquals(20, caller.getLineNumber(), "the epilogue calls the action at the line of its defer(...)");
        Trace.take();
    }

    @Test
    void checkingWithoutRewriting_writesWhatJavacWrote_C6() {
        Compilation checked = Javac.javac().options("-Ajdefer.rewrite=false").compile(DEFERRING).assertSuccess();
        Compilation plain = Javac.javac().withoutProcessor().compile(DEFERRING).assertSuccess();
        assertArrayEquals(plain.bytes("t.Deferring"), checked.bytes("t.Deferring"));
    }

    @Test
    void verbose_printsOneNotePerRewrittenMethod_C6() {
        Compilation c = Javac.javac().options("-Ajdefer.verbose").compile(DEFERRING).assertSuccess();
        List<String> notes = c.diagnostics(Diagnostic.Kind.NOTE).stream().map(d -> d.getMessage(null)).collect(Collectors.toList());
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(notes.get(0).matches("jdefer: t\\.Deferring\\.handle\\(Ljava/util/concurrent/locks/Lock;I\\)I: open-coded, 2 sites,"
                + " code \\d+ -> \\d+ bytes"), notes.get(0));
    }

    @Test
    void inMemoryCompilation_isRewritten_C6() throws Throwable {
        JavaFileObject source = JavaFileObjects.forSourceString("t.Deferring", DEFERRING);
        com.google.testing.compile.Compilation c = Compiler.javac().withProcessors(new DeferProcessor()).compile(source);
        assertEquals(com.google.testing.compile.Compilation.Status.SUCCESS, c.status(), c.diagnostics().toString());
        Map<String, byte[]> classes = new HashMap<>();
        for (JavaFileObject file : c.generatedFiles()) {
            if (file.getKind() == JavaFileObject.Kind.CLASS) {
                try (InputStream in = file.openInputStream()) {
                    String path = file.toUri().getPath();
                    String name = path.substring(path.indexOf("/t/") + 1, path.length() - ".class".length()).replace('/', '.');
                    classes.put(name, in.readAllBytes());
                }
            }
        }
        byte[] bytes = classes.get("t.Deferring");
        assertNotNull(bytes, classes.keySet().toString());
        assertEquals(List.of(), Bytecodes.callsTo(Bytecodes.method(bytes, "handle"), "io/jdefer/Defers"));
    }

    @Test
    void manySites_moreThanOneMask_C3() throws Throwable {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            body.append("        if (n > ").append(i).append(") defer(() -> Trace.log(\"").append(i).append("\"));\n");
        }
        Compilation c = Javac.javac().options("-Ajdefer.verbose").compile("""
                package t;
                import static io.jdefer.Defers.*;
                import io.jdefer.*;
                import io.jdefer.testing.Trace;
                public class Many {
                    @Deferred(Strategy.INLINE)
                    static void many(int n) {
                """ + body + """
                    }
                }
                """).assertSuccess().assertVerifies();
        Trace.take();
        c.call("t.Many", "many", 70);
        List<String> events = Trace.take();
        assertEquals(70, events.size());
        assertEquals("69", events.get(0));
        assertEquals("0", events.get(69));
        assertTrue(c.diagnostics(Diagnostic.Kind.NOTE).get(0).getMessage(null).contains("open-coded, 100 sites"));
    }

    @Test
    void wideLocals_beyond255Slots_C3() throws Throwable {
        StringBuilder locals = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            locals.append("        long v").append(i).append(" = n + ").append(i).append(";\n");
        }
        Compilation c = Javac.javac().compile("""
                package t;
                import static io.jdefer.Defers.*;
                import io.jdefer.*;
                import io.jdefer.testing.Trace;
                public class Wide {
                    @Deferred
                    static long wide(long n) {
                """ + locals + """
                        defer(() -> Trace.log("captured " + v299));
                        for (int i = 0; i < 2; i++) { long k = v0 + i; defer(() -> Trace.log("loop " + k)); }
                        return v150;
                    }
                }
                """).assertSuccess().assertVerifies();
        Trace.take();
        assertEquals(151L, c.call("t.Wide", "wide", 1L));
        assertEquals(List.of("loop 2", "loop 1", "captured 300"), Trace.take());
    }
}
