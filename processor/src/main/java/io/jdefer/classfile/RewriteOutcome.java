package io.jdefer.classfile;

import java.util.List;

/**
 * What {@link ClassFileRewrite} did to one class file.
 *
 * @param className the class, as the JVM names it ({@code com/acme/Outer$Inner}); {@code null}
 *     when the bytes were not even looked at (not a jdefer class)
 * @param bytes the rewritten class file, or {@code null} when the class is left as it was: no
 *     {@code @Deferred} scope, already rewritten, or a problem
 * @param methods one line per rewritten method, the line {@code -Ajdefer.verbose} prints
 * @param problems one message per error, each naming the class and the method, tagged
 *     {@code [jdefer:ID]} with the diagnostic's id ({@code docs/diagnostics/ID.md}); a class with a
 *     problem is never rewritten
 * @param alreadyRewritten whether the class carries the marks of an earlier rewrite (idempotence)
 */
public record RewriteOutcome(String className, byte[] bytes, List<String> methods, List<String> problems, boolean alreadyRewritten) {
    public RewriteOutcome {
        methods = List.copyOf(methods);
        problems = List.copyOf(problems);
        if (bytes != null && !problems.isEmpty()) {
            throw new IllegalStateException("have new bytes and " + problems.size() + " problems for " + className + ", want one or the other");
        }
    }

    static RewriteOutcome untouched(String className) {
        return new RewriteOutcome(className, null, List.of(), List.of(), false);
    }

    /**
     * This outcome with {@code where} (a file, a jar entry) before each problem of a class file
     * whose name could not be read; any other outcome as it is.
     */
    public RewriteOutcome from(String where) {
        if (className != null || problems.isEmpty()) {
            return this;
        }
        return new RewriteOutcome(null, bytes, methods, problems.stream().map(p -> where + ": " + p).toList(), alreadyRewritten);
    }

    /** Whether there are new bytes to write or define. */
    public boolean changed() {
        return bytes != null;
    }
}
