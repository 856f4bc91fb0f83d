package io.jdefer.migrate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.openrewrite.ExecutionContext;
import org.openrewrite.Recipe;
import org.openrewrite.TreeVisitor;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.JavaTemplate;
import org.openrewrite.internal.ListUtils;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.Space;
import org.openrewrite.java.tree.Statement;

/**
 * Adopting jdefer: hand-written cleanup at the tail of a method becomes {@code defer},
 * {@code deferOnError} or {@code @Defer}, only where the result means the same under S1-S9
 * (docs/migrate.md). Every site it looks at is a row of {@link MigrationReport}: converted, or
 * refused with a {@link Refusal}.
 */
public class TryFinallyToDefer extends Recipe {
    private static final String CLASH = "jdefer.nameClash";

    private final transient MigrationReport report = new MigrationReport(this);

    @Override
    public String getDisplayName() {
        return "Hand-written cleanup to jdefer's defer";
    }

    @Override
    public String getDescription() {
        return "Turns `x.lock(); try { ... } finally { x.unlock(); }`, finally blocks of calls, try-with-resources and "
            + "catch-cleanup-rethrow at the end of a method into `defer`, `@Defer` locals and `deferOnError`, and adds "
            + "`@Deferred`. Sites where the meaning would change are left alone and listed with their reason.";
    }

    @Override
    public TreeVisitor<?, ExecutionContext> getVisitor() {
        return new JavaIsoVisitor<>() {
            @Override
            public J.CompilationUnit visitCompilationUnit(J.CompilationUnit cu, ExecutionContext ctx) {
                getCursor().putMessage(CLASH, declaresJdeferName(cu));
                return super.visitCompilationUnit(cu, ctx);
            }

            @Override
            public J.Try visitTry(J.Try t, ExecutionContext ctx) {
                if (getCursor().firstEnclosing(J.MethodDeclaration.class) == null && Cleanups.isCandidate(t)) {
                    row(ctx, "(initializer)", TryCheck.formOf(t), Refusal.NOT_IN_METHOD);
                }
                return super.visitTry(t, ctx);
            }

            @Override
            public J.MethodDeclaration visitMethodDeclaration(J.MethodDeclaration method, ExecutionContext ctx) {
                J.MethodDeclaration m = super.visitMethodDeclaration(method, ctx);
                if (m.getBody() == null) {
                    return m;
                }
                String where = where(m);
                boolean clash = Boolean.TRUE.equals(getCursor().getNearestMessage(CLASH));
                Set<UUID> decided = new HashSet<>();
                boolean changed = false;
                for (int k = tailTry(m.getBody().getStatements()); k >= 0; k = tailTry(m.getBody().getStatements())) {
                    List<Statement> statements = m.getBody().getStatements();
                    J.Try t = (J.Try) statements.get(k);
                    decided.add(t.getId());
                    Verdict v = clash
                        ? Verdict.refuse(TryCheck.formOf(t), Refusal.NAME_CLASH)
                        : new TryCheck(m, updateCursor(m)).check(t, k > 0 ? statements.get(k - 1) : null);
                    if (v.refused()) {
                        row(ctx, where, v.form(), v.refusal());
                        break;
                    }
                    try {
                        m = convert(m, k, t, v, ctx);
                    } catch (RuntimeException e) {
                        // a bug in the recipe must not stop the run over a whole project: the site is reported
                        row(ctx, where, v.form(), Refusal.RECIPE_ERROR);
                        break;
                    }
                    row(ctx, where, v.form(), null);
                    changed = true;
                }
                Map<J.Try, Refusal> rest = new LinkedHashMap<>();
                new CandidateCollector(m.getBody(), decided).visit(m.getBody(), rest);
                rest.forEach((t, reason) -> row(ctx, where, TryCheck.formOf(t), reason));
                if (changed && !hasDeferred(m)) {
                    m = JavaTemplate.builder("@Deferred").imports(JdeferStubs.DEFERRED).javaParser(JdeferStubs.parser())
                        .build().apply(updateCursor(m), m.getCoordinates().addAnnotation(Comparator.comparing(J.Annotation::getSimpleName)));
                    m = onItsOwnLine(m);
                    maybeAddImport(JdeferStubs.DEFERRED, null, false);
                }
                return m;
            }

            private J.MethodDeclaration convert(J.MethodDeclaration m, int k, J.Try t, Verdict v, ExecutionContext ctx) {
                JavaTemplate template = JavaTemplate.builder(String.join("\n", v.registrations()))
                    .contextSensitive()
                    .javaParser(JdeferStubs.parser())
                    .imports(JdeferStubs.DEFER)
                    .staticImports(JdeferStubs.DEFERS + ".defer", JdeferStubs.DEFERS + ".deferOnError")
                    .build();
                J.MethodDeclaration replaced = template.apply(updateCursor(m), t.getCoordinates().replace());
                List<Statement> moved = v.keepTry() ? List.of(t.withFinally(null)) : dedented(t);
                int at = k + v.registrations().size();
                List<Statement> statements = new ArrayList<>(replaced.getBody().getStatements());
                // the first registration takes the try's place and its comments
                statements.set(k, statements.get(k).withPrefix(t.getPrefix()));
                statements.addAll(at, moved);
                for (String r : v.registrations()) {
                    if (r.startsWith("@Defer")) {
                        maybeAddImport(JdeferStubs.DEFER, null, false);
                    } else {
                        maybeAddImport(JdeferStubs.DEFERS, "*", false);
                    }
                }
                return replaced.withBody(replaced.getBody().withStatements(statements));
            }

            private void row(ExecutionContext ctx, String where, Form form, Refusal refusal) {
                report.insertRow(ctx, new MigrationReport.Row(
                    getCursor().firstEnclosingOrThrow(J.CompilationUnit.class).getSourcePath().toString(),
                    where, form.id, refusal == null ? "converted" : "refused", refusal == null ? "" : refusal.id));
            }

            private String where(J.MethodDeclaration m) {
                J.ClassDeclaration c = getCursor().firstEnclosing(J.ClassDeclaration.class);
                return (c == null ? "" : c.getSimpleName() + ".") + m.getSimpleName();
            }
        };
    }

    /** The try's body statements, one block level out. */
    private static List<Statement> dedented(J.Try t) {
        List<Statement> body = t.getBody().getStatements();
        return Reindent.out(body, Reindent.indentOf(t.getPrefix()), body.isEmpty() ? null : Reindent.indentOf(body.get(0).getPrefix()));
    }

    /**
     * The index of the try that ends the method: its last statement, or the one before a
     * {@code return} of a literal, {@code this} or a local, which cannot observe the cleanup
     * running first. -1 if there is none.
     */
    static int tailTry(List<Statement> statements) {
        int n = statements.size();
        if (n > 0 && statements.get(n - 1) instanceof J.Try t && Cleanups.isCandidate(t)) {
            return n - 1;
        }
        if (n > 1 && statements.get(n - 2) instanceof J.Try t && Cleanups.isCandidate(t)
            && statements.get(n - 1) instanceof J.Return r && quiet(r)) {
            return n - 2;
        }
        return -1;
    }

    private static boolean quiet(J.Return r) {
        var e = r.getExpression();
        return e == null || e instanceof J.Literal
            || (e instanceof J.Identifier id && (id.getSimpleName().equals("this") || Cleanups.isLocal(id)));
    }

    /**
     * The added {@code @Deferred} on a line of its own, like the method's other annotations usually
     * are: it and what follows it start a new line at the method's indentation.
     */
    private static J.MethodDeclaration onItsOwnLine(J.MethodDeclaration m) {
        List<J.Annotation> annotations = new ArrayList<>(m.getLeadingAnnotations());
        int i = 0;
        while (i < annotations.size() && !annotations.get(i).getSimpleName().equals("Deferred")) {
            i++;
        }
        if (i == annotations.size()) {
            return m;
        }
        Space line = Space.format("\n" + lineIndent(m.getPrefix()));
        if (i > 0) {
            annotations.set(i, newLine(annotations.get(i), line));
        }
        if (i + 1 < annotations.size()) {
            annotations.set(i + 1, newLine(annotations.get(i + 1), line));
            return m.withLeadingAnnotations(annotations);
        }
        m = m.withLeadingAnnotations(annotations);
        if (!m.getModifiers().isEmpty()) {
            return m.withModifiers(ListUtils.mapFirst(m.getModifiers(), mod -> newLine(mod, line)));
        }
        if (m.getPadding().getTypeParameters() != null) {
            return m.getPadding().withTypeParameters(m.getPadding().getTypeParameters().withPrefix(line));
        }
        if (m.getReturnTypeExpression() != null) {
            return m.withReturnTypeExpression(newLine(m.getReturnTypeExpression(), line));
        }
        return m.withName(newLine(m.getName(), line));
    }

    private static <T extends J> T newLine(T tree, Space line) {
        return tree.getPrefix().getWhitespace().contains("\n") ? tree : tree.withPrefix(line);
    }

    /** The indentation of the line a tree with this prefix starts on (after any comments). */
    private static String lineIndent(Space prefix) {
        String last = prefix.getComments().isEmpty() ? prefix.getWhitespace()
            : prefix.getComments().get(prefix.getComments().size() - 1).getSuffix();
        int nl = last.lastIndexOf('\n');
        return nl < 0 ? "" : last.substring(nl + 1);
    }

    private static boolean hasDeferred(J.MethodDeclaration m) {
        return m.getLeadingAnnotations().stream().anyMatch(a -> a.getSimpleName().equals("Deferred"));
    }

    private static boolean declaresJdeferName(J.CompilationUnit cu) {
        boolean[] found = {false};
        new JavaIsoVisitor<Integer>() {
            @Override
            public J.MethodDeclaration visitMethodDeclaration(J.MethodDeclaration md, Integer p) {
                found[0] |= Cleanups.JDEFER_NAMES.contains(md.getSimpleName());
                return super.visitMethodDeclaration(md, p);
            }
        }.visit(cu, 0);
        return found[0];
    }
}
