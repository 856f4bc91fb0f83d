package io.jdefer.migrate;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.tree.Expression;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.JavaType;
import org.openrewrite.java.tree.Statement;

/** Small facts about trees that both recipes ask: which calls are jdefer's, which names are locals. */
final class Cleanups {
    static final Set<String> DEFER_METHODS = Set.of("defer", "deferOnError", "deferOnSuccess");
    static final Set<String> JDEFER_NAMES = Set.of("defer", "deferOnError", "deferOnSuccess", "recover");

    private Cleanups() {}

    /** A try that holds cleanup: a finally, resources, or a cleanup-and-rethrow catch. */
    static boolean isCandidate(J.Try t) {
        return t.getFinally() != null
            || (t.getResources() != null && !t.getResources().isEmpty())
            || CatchRethrow.match(t) != null;
    }

    /** Whether the tree calls {@code defer}, {@code deferOnError}, {@code deferOnSuccess}, {@code recover} or declares {@code @Defer}. */
    static boolean usesJdefer(J tree) {
        AtomicBoolean found = new AtomicBoolean();
        new JavaIsoVisitor<AtomicBoolean>() {
            @Override
            public J.MethodInvocation visitMethodInvocation(J.MethodInvocation mi, AtomicBoolean f) {
                if (JDEFER_NAMES.contains(mi.getSimpleName()) && isJdeferCall(mi)) {
                    f.set(true);
                }
                return super.visitMethodInvocation(mi, f);
            }

            @Override
            public J.Annotation visitAnnotation(J.Annotation a, AtomicBoolean f) {
                if (a.getSimpleName().equals("Defer")) {
                    f.set(true);
                }
                return a;
            }
        }.visit(tree, found);
        return found.get();
    }

    /** A call of {@code io.jdefer.Defers}: by type, or, where types are missing, unqualified or on {@code Defers}. */
    static boolean isJdeferCall(J.MethodInvocation mi) {
        JavaType.Method type = mi.getMethodType();
        if (type != null) {
            return type.getDeclaringType().getFullyQualifiedName().equals(JdeferStubs.DEFERS);
        }
        Expression select = mi.getSelect();
        return select == null || (select instanceof J.Identifier id && id.getSimpleName().equals("Defers"));
    }

    /** Whether an identifier names a local variable or parameter (not a field). Missing types count as local. */
    static boolean isLocal(J.Identifier id) {
        JavaType.Variable v = id.getFieldType();
        return v == null || v.getOwner() instanceof JavaType.Method;
    }

    /** Whether {@code stmt} is {@code x.anything(...)} on the same receiver name: it dereferenced {@code x}. */
    static boolean dereferences(Statement stmt, String receiver) {
        return stmt instanceof J.MethodInvocation mi
            && mi.getSelect() instanceof J.Identifier id
            && id.getSimpleName().equals(receiver);
    }

    /** The names assigned after their declaration anywhere in {@code tree} ({@code x = }, {@code x += }, {@code x++}). */
    static Set<String> reassignedNames(J tree) {
        Set<String> names = new java.util.HashSet<>();
        new JavaIsoVisitor<Set<String>>() {
            @Override
            public J.Assignment visitAssignment(J.Assignment a, Set<String> n) {
                if (a.getVariable() instanceof J.Identifier id) {
                    n.add(id.getSimpleName());
                }
                return super.visitAssignment(a, n);
            }

            @Override
            public J.AssignmentOperation visitAssignmentOperation(J.AssignmentOperation a, Set<String> n) {
                if (a.getVariable() instanceof J.Identifier id) {
                    n.add(id.getSimpleName());
                }
                return super.visitAssignmentOperation(a, n);
            }

            @Override
            public J.Unary visitUnary(J.Unary u, Set<String> n) {
                if (u.getOperator().isModifying() && u.getExpression() instanceof J.Identifier id) {
                    n.add(id.getSimpleName());
                }
                return super.visitUnary(u, n);
            }
        }.visit(tree, names);
        return names;
    }

    /** The local names (not fields, not method names) read in {@code trees}. */
    static Set<String> localsRead(List<? extends J> trees) {
        Set<String> names = new java.util.HashSet<>();
        JavaIsoVisitor<Set<String>> v = new JavaIsoVisitor<>() {
            @Override
            public J.MethodInvocation visitMethodInvocation(J.MethodInvocation mi, Set<String> n) {
                // the method's own name is an identifier too; only its receiver and arguments read values
                if (mi.getSelect() != null) {
                    visit(mi.getSelect(), n);
                }
                for (Expression arg : mi.getArguments()) {
                    visit(arg, n);
                }
                return mi;
            }

            @Override
            public J.FieldAccess visitFieldAccess(J.FieldAccess fa, Set<String> n) {
                visit(fa.getTarget(), n);
                return fa;
            }

            @Override
            public J.Identifier visitIdentifier(J.Identifier id, Set<String> n) {
                if (isLocal(id)) {
                    n.add(id.getSimpleName());
                }
                return id;
            }
        };
        for (J tree : trees) {
            v.visit(tree, names);
        }
        return names;
    }
}
