package io.jdefer.compile;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.jdefer.processor.DeferProcessor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * SPEC C1, C2, issue 14 item 7: two problems on one source line are both reported. The reporter
 * drops only the same message at the same tree again; it used to drop a second report of the same
 * id at the same tree, and at GENERATE two sites of one line can be placed at one tree.
 */
class TwoProblemsTest {
    @Test
    void twoLoopSitesOnOneLine_underInline_areBothReported_C1_C2() {
        JavaFileObject source = JavaFileObjects.forSourceString("t.Two", """
                package t;
                import static io.jdefer.Defers.*;
                import io.jdefer.*;
                public class Two {
                    @Deferred(Strategy.INLINE)
                    void loop(AutoCloseable c) throws Exception {
                        for (int i = 0; i < 2; i++) { defer(c::close); deferOnError(c::close); } // here
                    }
                }
                """);
        Compilation c = javac().withProcessors(new DeferProcessor()).compile(source);
        assertThat(c).hadErrorContaining("[jdefer:INLINE_IN_LOOP] defer can run more than once per invocation")
                .inFile(source).onLineContaining("// here");
        assertThat(c).hadErrorContaining("[jdefer:INLINE_IN_LOOP] deferOnError can run more than once per invocation")
                .inFile(source).onLineContaining("// here");
        assertThat(c).hadErrorCount(2);
    }
}
