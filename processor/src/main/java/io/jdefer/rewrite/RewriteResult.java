package io.jdefer.rewrite;

import io.jdefer.plan.ClassPlan;
import java.util.List;

/**
 * The output of {@link ClassRewriter#rewrite}: the new class file, or {@code null} when the class
 * needed no change; one report per rewritten method; the problems to report as compile errors;
 * the plan the rewrite followed.
 */
public record RewriteResult(byte[] bytes, List<MethodReport> methods, List<Problem> problems, ClassPlan plan) {
    public RewriteResult {
        methods = List.copyOf(methods);
        problems = List.copyOf(problems);
    }

    public boolean changed() {
        return bytes != null;
    }
}
