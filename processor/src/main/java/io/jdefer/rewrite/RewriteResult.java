package io.jdefer.rewrite;

import java.util.List;

/**
 * The output of {@link ClassRewriter#rewrite}: the new class file, or {@code null} when the class
 * needed no change; one report per rewritten method; the problems to report as compile errors.
 */
public record RewriteResult(byte[] bytes, List<MethodReport> methods, List<Problem> problems) {
    public RewriteResult {
        methods = List.copyOf(methods);
        problems = List.copyOf(problems);
    }

    public boolean changed() {
        return bytes != null;
    }
}
