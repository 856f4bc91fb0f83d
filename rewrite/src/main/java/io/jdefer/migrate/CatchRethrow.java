package io.jdefer.migrate;

import java.util.List;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.JavaType;
import org.openrewrite.java.tree.Statement;

/**
 * The catch-cleanup-rethrow shape: exactly one {@code catch (Throwable t) { calls...; throw t; }}
 * whose calls do not read {@code t}. Only {@code Throwable}: {@code deferOnError} runs on every
 * pending throwable (S3, S4), so a narrower catch (Exception) would run the cleanup on fewer exits.
 */
final class CatchRethrow {
    private CatchRethrow() {}

    /** The cleanup calls of the catch, or null if {@code t} does not have the shape. */
    static List<Statement> match(J.Try t) {
        if (t.getCatches().size() != 1) {
            return null;
        }
        J.Try.Catch c = t.getCatches().get(0);
        J.VariableDeclarations param = c.getParameter().getTree();
        if (!isThrowable(param) || param.getVariables().size() != 1) {
            return null;
        }
        String name = param.getVariables().get(0).getSimpleName();
        List<Statement> body = c.getBody().getStatements();
        if (body.size() < 2 || !(body.get(body.size() - 1) instanceof J.Throw th)
            || !(th.getException() instanceof J.Identifier thrown) || !thrown.getSimpleName().equals(name)) {
            return null;
        }
        List<Statement> cleanup = body.subList(0, body.size() - 1);
        for (Statement s : cleanup) {
            if (!(s instanceof J.MethodInvocation)) {
                return null;
            }
        }
        if (Cleanups.localsRead(cleanup).contains(name)) {
            return null;
        }
        return cleanup;
    }

    private static boolean isThrowable(J.VariableDeclarations param) {
        JavaType type = param.getType();
        if (type instanceof JavaType.FullyQualified fq) {
            return fq.getFullyQualifiedName().equals("java.lang.Throwable");
        }
        return param.getTypeExpression() != null
            && param.getTypeExpression().printTrimmed().equals("Throwable");
    }
}
