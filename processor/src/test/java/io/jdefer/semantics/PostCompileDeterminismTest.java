package io.jdefer.semantics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.classfile.ClassFileRewrite;
import io.jdefer.classfile.ClassLookup;
import io.jdefer.classfile.PathLookup;
import io.jdefer.classfile.RewriteOutcome;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC C5 (deterministic output) across front ends: javac's own output ({@code -proc:none}),
 * rewritten by the post-compile step's entry, is byte for byte what the processor wrote, for the
 * behaviour tests' programs ({@code @Defer} locals and {@code recover()} hand-offs included: the
 * planner needs no source fact but the class-wide scope).
 * Every class file is compared, the rewritten and the untouched ones; and a second pass over
 * the result changes nothing (idempotence).
 */
class PostCompileDeterminismTest {
    static final List<String> CORPUS = List.of(ExitTest.PROGRAM, PendingExceptionTest.PROGRAM, LanguageTest.PROGRAM,
            ScopeTest.SCOPES, ScopeTest.TYPES, DeferLocalTest.PROGRAM, DeferLocalTraceTest.PROGRAM,
            DeferLocalTraceTest.MORE, RecoverPerClassTest.PROGRAM);

    @ParameterizedTest
    @ValueSource(strings = {"AUTO", "INLINE", "FRAME"})
    void javacOutputRewrittenAfterwards_isByteForByteTheProcessorsOutput_C5(String strategy) throws Exception {
        int rewritten = 0;
        try (PathLookup classPath = new PathLookup(PathLookup.parse(System.getProperty("java.class.path")))) {
        for (String template : CORPUS) {
            String source = template.replace("STRATEGY", strategy);
            Compilation processed = Javac.javac().compile(source).assertSuccess();
            Compilation plain = Javac.javac().withoutProcessor().compile(source).assertSuccess();
            assertEquals(processed.classes().keySet(), plain.classes().keySet());
            ClassLookup lookup = ClassLookup.firstOf(List.of(name -> plain.classes().get(name.replace('/', '.')), classPath));
            for (Map.Entry<String, byte[]> entry : plain.classes().entrySet()) {
                RewriteOutcome outcome = ClassFileRewrite.rewrite(entry.getValue(), lookup, false);
                assertEquals(List.of(), outcome.problems(), entry.getKey());
                byte[] after = outcome.changed() ? outcome.bytes() : entry.getValue();
                assertArrayEquals(processed.bytes(entry.getKey()), after, entry.getKey() + " differs from the processor's output");
                if (outcome.changed()) {
                    rewritten++;
                    RewriteOutcome again = ClassFileRewrite.rewrite(after, lookup, false);
                    assertNull(again.bytes(), entry.getKey() + " rewritten twice");
                    assertTrue(again.alreadyRewritten(), entry.getKey() + " is not seen as rewritten: " + again);
                }
            }
        }
        }
        assertTrue(rewritten >= 10, "rewrote only " + rewritten + " classes");
    }
}
