package io.jdefer.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.openrewrite.Cursor;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.tree.Flag;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.JavaType;
import org.openrewrite.java.tree.Statement;
import org.openrewrite.java.tree.TypeTree;
import org.openrewrite.java.tree.TypeUtils;

/**
 * Decides whether the try at the tail of a method converts, and to what (docs/migrate.md, "What
 * converts"). The caller has already checked the position: the try is the method body's last
 * statement, or is followed only by a {@code return} that cannot observe the cleanup (S2). One
 * guard per refusal, each returning its reason.
 */
final class TryCheck {
    private final J.MethodDeclaration method;
    private final Cursor cursor;

    TryCheck(J.MethodDeclaration method, Cursor cursor) {
        this.method = method;
        this.cursor = cursor;
    }

    /** @param before the statement just before the try in the method body, or null */
    Verdict check(J.Try t, Statement before) {
        if (Cleanups.usesJdefer(t.getBody())) {
            return Verdict.refuse(formOf(t), Refusal.BODY_REGISTERS_DEFERS);
        }
        if (t.getResources() != null && !t.getResources().isEmpty()) {
            return resources(t);
        }
        List<String> registrations = new ArrayList<>();
        Form form = Form.FINALLY_CALLS;
        if (t.getFinally() != null) {
            Refusal r = finallyRefusal(t.getFinally());
            if (r != null) {
                return Verdict.refuse(formOf(t), r);
            }
            String action = action(t.getFinally().getStatements(), before);
            form = action.contains("::") && !action.startsWith("this::") ? Form.LOCK_FINALLY : Form.FINALLY_CALLS;
            registrations.add("defer(" + action + ");");
        }
        List<Statement> onError = CatchRethrow.match(t);
        if (onError != null) {
            if (!Cleanups.localsRead(onError).stream().noneMatch(reassigned()::contains)) {
                return Verdict.refuse(Form.CATCH_RETHROW, Refusal.FINALLY_READS_REASSIGNED_LOCAL);
            }
            registrations.add("deferOnError(" + action(onError, null) + ");");
            return Verdict.convert(t.getFinally() == null ? Form.CATCH_RETHROW : form, registrations, false);
        }
        // a finally with catch clauses: the catches stay, the finally becomes the registration
        return Verdict.convert(form, registrations, !t.getCatches().isEmpty());
    }

    static Form formOf(J.Try t) {
        if (t.getResources() != null && !t.getResources().isEmpty()) {
            return Form.TRY_WITH_RESOURCES;
        }
        return t.getFinally() == null ? Form.CATCH_RETHROW : Form.FINALLY_CALLS;
    }

    /** try-with-resources: each resource becomes a {@code @Defer} local; suppression is the same (S4, S9). */
    private Verdict resources(J.Try t) {
        if (!t.getCatches().isEmpty() || t.getFinally() != null) {
            return Verdict.refuse(Form.TRY_WITH_RESOURCES, Refusal.RESOURCE_WITH_CATCH_OR_FINALLY);
        }
        List<String> registrations = new ArrayList<>();
        for (J.Try.Resource resource : t.getResources()) {
            if (!(resource.getVariableDeclarations() instanceof J.VariableDeclarations decl)) {
                return Verdict.refuse(Form.TRY_WITH_RESOURCES, Refusal.RESOURCE_IS_REFERENCE);
            }
            TypeTree type = decl.getTypeExpression();
            if (type == null || type.printTrimmed(cursor).equals("var")) {
                return Verdict.refuse(Form.TRY_WITH_RESOURCES, Refusal.RESOURCE_DECLARED_VAR);
            }
            registrations.add("@Defer " + decl.printTrimmed(cursor) + ";");
        }
        return Verdict.convert(Form.TRY_WITH_RESOURCES, registrations, false);
    }

    private Refusal finallyRefusal(J.Block fin) {
        List<Statement> statements = fin.getStatements();
        if (statements.isEmpty()) {
            return Refusal.EMPTY_FINALLY;
        }
        if (containsReturn(fin)) {
            return Refusal.RETURN_IN_FINALLY;
        }
        for (Statement s : statements) {
            if (s instanceof J.Throw || s instanceof J.Break || s instanceof J.Continue) {
                return Refusal.JUMP_IN_FINALLY;
            }
        }
        for (Statement s : statements) {
            if (!(s instanceof J.MethodInvocation)) {
                return Refusal.FINALLY_NOT_ONLY_CALLS;
            }
        }
        Set<String> reassigned = reassigned();
        for (String local : Cleanups.localsRead(statements)) {
            if (reassigned.contains(local)) {
                return Refusal.FINALLY_READS_REASSIGNED_LOCAL;
            }
        }
        return null;
    }

    private Set<String> reassigned() {
        return Cleanups.reassignedNames(method);
    }

    /**
     * The action for cleanup calls. A method reference {@code x::m} only where it means the same as
     * {@code x.m()} at exit: one call without arguments on an effectively final local or a final
     * field that the statement just before the try dereferenced (so the registration's null check,
     * S1, cannot throw); {@code this::m} for an instance method of this class. Everything else is a
     * lambda, which reads fields at exit and captures locals that are never reassigned (checked).
     */
    private String action(List<Statement> calls, Statement before) {
        if (calls.size() == 1) {
            J.MethodInvocation call = (J.MethodInvocation) calls.get(0);
            boolean noArgs = call.getArguments().size() == 1 && call.getArguments().get(0) instanceof J.Empty;
            if (noArgs && call.getSelect() instanceof J.Identifier receiver && before != null
                && Cleanups.dereferences(before, receiver.getSimpleName()) && stable(receiver)) {
                return receiver.getSimpleName() + "::" + call.getSimpleName();
            }
            if (noArgs && call.getSelect() == null && call.getMethodType() != null
                && !call.getMethodType().hasFlags(Flag.Static) && !isConstructor() && memberOfThis(call.getMethodType())) {
                return "this::" + call.getSimpleName();
            }
            return "() -> " + call.printTrimmed(cursor);
        }
        StringBuilder body = new StringBuilder("() -> {\n");
        for (Statement s : calls) {
            body.append(s.printTrimmed(cursor)).append(";\n");
        }
        return body.append("}").toString();
    }

    /**
     * Whether an unqualified call's method belongs to {@code this}: in an inner or anonymous class a
     * call may resolve to an enclosing instance's method, which {@code this::m} would not name.
     */
    private boolean memberOfThis(JavaType.Method called) {
        Object owner = cursor.dropParentUntil(v -> v instanceof J.ClassDeclaration || v instanceof J.NewClass).getValue();
        JavaType thisType = owner instanceof J.ClassDeclaration c ? c.getType() : ((J.NewClass) owner).getType();
        return thisType != null && TypeUtils.isAssignableTo(called.getDeclaringType(), thisType);
    }

    private boolean isConstructor() {
        return method.isConstructor();
    }

    private boolean stable(J.Identifier receiver) {
        JavaType.Variable v = receiver.getFieldType();
        if (v == null) {
            return false;
        }
        if (v.getOwner() instanceof JavaType.Method) {
            return !reassigned().contains(receiver.getSimpleName());
        }
        return v.hasFlags(Flag.Final);
    }

    private static boolean containsReturn(J.Block fin) {
        boolean[] found = {false};
        new JavaIsoVisitor<Integer>() {
            @Override
            public J.Return visitReturn(J.Return r, Integer p) {
                found[0] = true;
                return r;
            }

            @Override
            public J.Lambda visitLambda(J.Lambda l, Integer p) {
                return l; // a return in a lambda leaves the lambda, not the finally
            }

            @Override
            public J.ClassDeclaration visitClassDeclaration(J.ClassDeclaration c, Integer p) {
                return c;
            }
        }.visit(fin, 0);
        return found[0];
    }
}
