package io.jdefer.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import io.jdefer.testing.Trace;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * SPEC C1, C5, issue 14 item 3: a JVM limit that jdefer's additions push a method or its class over
 * is a compile error naming the method and the limit, never a class that fails to load
 * ({@code ClassFormatError}: ASM writes max_locals as a u2 without a check) or an
 * {@code [jdefer:INTERNAL]}. And item 6: after javac's own limit error, jdefer adds nothing.
 */
class JvmLimitsTest {
    private static final String HEADER = "package m;\nimport static io.jdefer.Defers.*;\nimport static io.jdefer.testing.Trace.log;\nimport io.jdefer.*;\n";

    /** {@code longs} long locals, declared without code, then two sites (so the mask-and-epilogue lowering, not javac's try/finally shape): 2 * longs + 1 slots before jdefer's own. */
    private static String manyLocals(int longs) {
        String names = IntStream.range(0, longs).mapToObj(i -> "a" + i).collect(Collectors.joining(", "));
        return HEADER + "public class C {\n    @Deferred\n    static int run(int x) {\n        long " + names + ";\n"
                + "        defer(() -> log(\"a\"));\n        defer(() -> log(\"b\"));\n        return x;\n    }\n}\n";
    }

    /**
     * A class with {@code fields} int constants (two constant pool entries each) and one method that
     * defers an existing Action: with no lambda for the rewrite to drop, it adds 18 entries.
     */
    private static String manyConstants(int fields) {
        StringBuilder out = new StringBuilder(HEADER).append("public class C {\n");
        for (int i = 0; i < fields; i++) {
            out.append("    static final int F").append(i).append(" = ").append(100_000 + i).append(";\n");
        }
        return out.append("    @Deferred\n    static int run(int x, Action<RuntimeException> a) {\n        defer(a);\n        return x;\n"
                + "    }\n}\n").toString();
    }

    private static List<String> errors(Compilation c) {
        return c.diagnostics(Diagnostic.Kind.ERROR).stream().map(d -> d.getMessage(Locale.ROOT)).toList();
    }

    @Test
    void sixtyFiveThousandFiveHundredThirtyThreeLocals_isTooManyLocals_namingTheMethod_C1() {
        // 65,535 slots, javac's limit exactly; jdefer's P makes 65,536 (D38's nested shape adds no other local)
        Compilation c = Javac.javac().compile(manyLocals(32_767));
        MisuseCase.assertNoCrash(c);
        List<String> errors = errors(c);
        assertEquals(1, errors.size(), c.diagnosticsText());
        assertTrue(errors.get(0).startsWith("[jdefer:TOO_MANY_LOCALS] `run` would pass the JVM's limit of 65,535 local variable slots"),
                errors.get(0));
    }

    @Test
    void manyLocalsThatStillFit_run_C3() throws Throwable {
        Compilation c = Javac.javac().compile(manyLocals(32_700)).assertSuccess().assertVerifies();
        Trace.take();
        assertEquals(7, c.call("m.C", "run", 7));
        assertEquals(List.of("b", "a"), Trace.take());
    }

    @Test
    void aNearlyFullConstantPool_isConstantPoolFull_namingTheMethod_C1() {
        Compilation c = Javac.javac().compile(manyConstants(32_750)); // javac: 65,526 entries
        MisuseCase.assertNoCrash(c);
        List<String> errors = errors(c);
        assertEquals(1, errors.size(), c.diagnosticsText());
        assertTrue(errors.get(0).startsWith("[jdefer:CONSTANT_POOL_FULL] the class of `run` would pass the JVM's limit of 65,535"
                + " constant pool entries"), errors.get(0));
    }

    /** Item 6: once a class file of the compilation was read back, a missing one is javac's doing, and jdefer adds nothing. */
    @Test
    void javacsOwnTooManyConstants_afterAClassReadBack_getsNothingFromJdefer_C1() {
        String source = manyConstants(32_770).replace("public class C {",
                "public class A {\n    @Deferred\n    static void first() { defer(() -> log(\"first\")); }\n}\nclass C {");
        Compilation c = Javac.javac().compile(source);
        MisuseCase.assertNoCrash(c);
        List<String> errors = errors(c);
        assertEquals(1, errors.size(), c.diagnosticsText());
        assertTrue(errors.get(0).contains("too many constants"), errors.get(0));
    }

    /** Item 6: alone, the class cannot be told from an unreadable class output: the message names both causes. */
    @Test
    void javacsOwnTooManyConstants_inTheFirstClass_isNamedAsTheLikelyCause_C1() {
        Compilation c = Javac.javac().compile(manyConstants(32_770));
        MisuseCase.assertNoCrash(c);
        List<String> errors = errors(c);
        assertEquals(2, errors.size(), c.diagnosticsText());
        assertTrue(errors.get(0).contains("too many constants"), errors.get(0));
        assertTrue(errors.get(1).startsWith("[jdefer:NO_CLASS_FILE]") && errors.get(1).endsWith("(after an error of javac's own, such as"
                + " \"too many constants\", javac writes no class file: fix that error first)"), errors.get(1));
    }
}
