package io.jdefer.migrate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.openrewrite.Cursor;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.tree.Expression;
import org.openrewrite.java.tree.Flag;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.JavaType;
import org.openrewrite.java.tree.Statement;
import org.openrewrite.java.tree.TypeUtils;

/**
 * The plain-Java text of one registration that is a direct statement of its method body: the
 * statements that replace it, ending in a {@code try} whose (still empty) body the caller fills
 * with the rest of the method. The shapes are exact under S1-S6, S9 (docs/migrate.md, "InlineDefers"):
 * a pending throwable as in S4, suppression unless it is the same object, the receiver of a
 * method reference evaluated and null-checked at registration (S1).
 */
final class Lowering {
    /** The text, or the refusal: exactly one is set. */
    record Result(String text, Refusal refusal) {}

    private final J.MethodDeclaration method;
    private final Cursor cursor;
    private final Set<String> taken;
    private final Set<String> reassigned;

    Lowering(J.MethodDeclaration method, Cursor cursor) {
        this.method = method;
        this.cursor = cursor;
        this.taken = names(method);
        this.reassigned = Cleanups.reassignedNames(method);
    }

    Result lower(DeferSite site, Statement before) {
        if (site.kind() == DeferSite.Kind.DEFER_LOCAL) {
            return deferLocal((J.VariableDeclarations) site.tree());
        }
        J.MethodInvocation mi = (J.MethodInvocation) site.tree();
        Expression action = mi.getArguments().get(0);
        StringBuilder prelude = new StringBuilder();
        String calls;
        if (action instanceof J.MemberReference ref) {
            calls = reference(ref, before, prelude);
        } else if (action instanceof J.Lambda lambda) {
            if (returns(lambda.getBody())) {
                return new Result(null, Refusal.ACTION_RETURNS);
            }
            calls = lambda.getBody() instanceof J.Block block ? statements(block.getStatements())
                : lambda.getBody().printTrimmed(cursor) + ";";
        } else {
            return new Result(null, Refusal.ACTION_OBJECT);
        }
        if (calls == null) {
            return new Result(null, Refusal.ACTION_OBJECT);
        }
        return new Result(prelude + skeleton(site.kind(), calls), null);
    }

    /** {@code @Defer T x = e;}: try-with-resources when it closes an AutoCloseable, else a null-checked call. */
    private Result deferLocal(J.VariableDeclarations vd) {
        J.Annotation defer = vd.getAllAnnotations().stream().filter(a -> a.getSimpleName().equals("Defer")).findFirst().orElseThrow();
        String methodName = "close";
        if (defer.getArguments() != null && !defer.getArguments().isEmpty() && !(defer.getArguments().get(0) instanceof J.Empty)) {
            Expression arg = defer.getArguments().get(0);
            methodName = unquote((arg instanceof J.Assignment a ? a.getAssignment() : arg).printTrimmed(cursor));
        }
        J.VariableDeclarations plain = vd.withLeadingAnnotations(vd.getLeadingAnnotations().stream().filter(a -> a != defer).toList())
            .withModifiers(vd.getModifiers().stream().map(m -> m.withAnnotations(m.getAnnotations().stream().filter(a -> a != defer).toList())).toList());
        String decl = plain.printTrimmed(cursor);
        if (methodName.equals("close") && TypeUtils.isAssignableTo("java.lang.AutoCloseable", vd.getType())) {
            return new Result("try (" + decl + ") {\n}", null);
        }
        String name = vd.getVariables().get(0).getSimpleName();
        return new Result(decl + ";\n" + skeleton(DeferSite.Kind.DEFER,
            "if (" + name + " != null) {\n" + name + "." + methodName + "();\n}"), null);
    }

    /** The call for {@code x::m}; the receiver is evaluated and null-checked here, at registration (S1). */
    private String reference(J.MemberReference ref, Statement before, StringBuilder prelude) {
        String m = ref.getReference().getSimpleName();
        if (m.equals("new")) {
            return null;
        }
        Expression containing = ref.getContaining();
        JavaType.Method type = ref.getMethodType();
        if (containing instanceof J.Identifier id && (id.getSimpleName().equals("this") || id.getSimpleName().equals("super"))) {
            return (id.getSimpleName().equals("super") ? "super." : "") + m + "();";
        }
        if (type != null && type.hasFlags(Flag.Static)) {
            return containing.printTrimmed(cursor) + "." + m + "();";
        }
        if (containing instanceof J.Identifier id && stable(id)) {
            if (before == null || !Cleanups.dereferences(before, id.getSimpleName())) {
                prelude.append("java.util.Objects.requireNonNull(").append(id.getSimpleName()).append(");\n");
            }
            return id.getSimpleName() + "." + m + "();";
        }
        String receiver = fresh("receiver");
        prelude.append("final var ").append(receiver).append(" = java.util.Objects.requireNonNull(")
            .append(containing.printTrimmed(cursor)).append(");\n");
        return receiver + "." + m + "();";
    }

    private String skeleton(DeferSite.Kind kind, String calls) {
        String t = fresh("thrown");
        String s = fresh("suppressed");
        if (kind == DeferSite.Kind.ON_ERROR) {
            return "try {\n} catch (Throwable " + t + ") {\ntry {\n" + calls + "\n} catch (Throwable " + s + ") {\n"
                + "if (" + s + " != " + t + ") {\n" + t + ".addSuppressed(" + s + ");\n}\n}\nthrow " + t + ";\n}";
        }
        String p = fresh("pending");
        String head = "Throwable " + p + " = null;\ntry {\n} catch (Throwable " + t + ") {\n" + p + " = " + t + ";\nthrow " + t + ";\n} finally {\n";
        if (kind == DeferSite.Kind.ON_SUCCESS) {
            return head + "if (" + p + " == null) {\n" + calls + "\n}\n}";
        }
        return head + "try {\n" + calls + "\n} catch (Throwable " + s + ") {\nif (" + p + " == null) {\nthrow " + s + ";\n}\n"
            + "if (" + s + " != " + p + ") {\n" + p + ".addSuppressed(" + s + ");\n}\n}\n}";
    }

    private boolean stable(J.Identifier id) {
        JavaType.Variable v = id.getFieldType();
        if (v == null) {
            return false;
        }
        return v.getOwner() instanceof JavaType.Method ? !reassigned.contains(id.getSimpleName()) : v.hasFlags(Flag.Final);
    }

    private String statements(List<Statement> statements) {
        StringBuilder out = new StringBuilder();
        for (Statement s : statements) {
            String text = s.printTrimmed(cursor);
            out.append(text).append(text.endsWith(";") || text.endsWith("}") ? "" : ";").append('\n');
        }
        return out.toString().strip();
    }

    /** A name no identifier of the method uses, and not handed out before. */
    private String fresh(String base) {
        String name = base;
        for (int i = 2; taken.contains(name); i++) {
            name = base + i;
        }
        taken.add(name);
        return name;
    }

    private static String unquote(String literal) {
        return literal.startsWith("\"") ? literal.substring(1, literal.length() - 1) : literal;
    }

    private static Set<String> names(J tree) {
        Set<String> names = new HashSet<>();
        new JavaIsoVisitor<Set<String>>() {
            @Override
            public J.Identifier visitIdentifier(J.Identifier id, Set<String> n) {
                n.add(id.getSimpleName());
                return id;
            }
        }.visit(tree, names);
        return names;
    }

    private static boolean returns(J body) {
        boolean[] found = {false};
        new JavaIsoVisitor<Integer>() {
            @Override
            public J.Return visitReturn(J.Return r, Integer p) {
                found[0] = true;
                return r;
            }

            @Override
            public J.Lambda visitLambda(J.Lambda l, Integer p) {
                return l == body ? super.visitLambda(l, p) : l;
            }

            @Override
            public J.ClassDeclaration visitClassDeclaration(J.ClassDeclaration c, Integer p) {
                return c;
            }
        }.visit(body, 0);
        return found[0];
    }
}
