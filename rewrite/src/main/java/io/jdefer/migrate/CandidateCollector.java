package io.jdefer.migrate;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.Statement;

/**
 * Finds the cleanup sites of one method body that did not convert, with the reason their position
 * gives (in a lambda, inside another statement, statements after it). Nested classes are left to
 * their own methods' visit. Sites already decided (by id) are skipped.
 */
final class CandidateCollector extends JavaIsoVisitor<Map<J.Try, Refusal>> {
    private final J.Block methodBody;
    private final java.util.Set<UUID> decided;

    CandidateCollector(J.Block methodBody, java.util.Set<UUID> decided) {
        this.methodBody = methodBody;
        this.decided = decided;
    }

    @Override
    public J.Try visitTry(J.Try t, Map<J.Try, Refusal> found) {
        if (!decided.contains(t.getId()) && Cleanups.isCandidate(t)) {
            found.put(t, positionReason(t));
        }
        return super.visitTry(t, found);
    }

    private Refusal positionReason(J.Try t) {
        if (getCursor().firstEnclosing(J.Lambda.class) != null) {
            return Refusal.IN_LAMBDA;
        }
        List<Statement> top = methodBody.getStatements();
        return top.stream().anyMatch(s -> s.getId().equals(t.getId()))
            ? Refusal.STATEMENTS_AFTER_TRY
            : Refusal.NESTED_IN_STATEMENT;
    }

    @Override
    public J.ClassDeclaration visitClassDeclaration(J.ClassDeclaration c, Map<J.Try, Refusal> found) {
        return c;
    }

    @Override
    public J.NewClass visitNewClass(J.NewClass n, Map<J.Try, Refusal> found) {
        // arguments may hold lambdas with tries; an anonymous body's methods are visited on their own
        for (var arg : n.getArguments()) {
            visit(arg, found, getCursor());
        }
        return n;
    }
}
