package io.jdefer.migrate;

import java.util.ArrayList;
import java.util.List;
import org.openrewrite.ExecutionContext;
import org.openrewrite.Recipe;
import org.openrewrite.TreeVisitor;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.JavaTemplate;
import org.openrewrite.internal.ListUtils;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.JavaType;
import org.openrewrite.java.tree.Space;
import org.openrewrite.java.tree.Statement;

/**
 * Leaving jdefer (or reading what a method means without it): each {@code @Deferred} method whose
 * registrations are all direct statements of its body becomes plain try/catch/finally Java with the
 * same meaning under S1-S6 and S9. A method with a site in a loop, a branch or a lambda, or with
 * {@code recover()}, is left whole and reported; it is never changed in meaning.
 */
public class InlineDefers extends Recipe {
    private final transient MigrationReport report = new MigrationReport(this);

    @Override
    public String getDisplayName() {
        return "jdefer's defer to plain try/finally";
    }

    @Override
    public String getDescription() {
        return "Rewrites `defer`, `deferOnError`, `deferOnSuccess` and `@Defer` locals of `@Deferred` methods into "
            + "try/catch/finally (or try-with-resources) with the same meaning, and removes `@Deferred`. Methods with "
            + "sites in loops or branches, or with `recover()`, are listed and left as they are.";
    }

    @Override
    public TreeVisitor<?, ExecutionContext> getVisitor() {
        return new JavaIsoVisitor<>() {
            @Override
            public J.MethodDeclaration visitMethodDeclaration(J.MethodDeclaration method, ExecutionContext ctx) {
                J.MethodDeclaration m = super.visitMethodDeclaration(method, ctx);
                if (m.getBody() == null) {
                    return m;
                }
                List<DeferSite> sites = SiteFinder.sites(m.getBody(), getCursor());
                if (sites.isEmpty()) {
                    return m;
                }
                if (!hasDeferred(m)) {
                    sites.forEach(s -> row(ctx, m, s.withRefusal(s.refusal() == null ? Refusal.DEFERRED_ON_TYPE : s.refusal())));
                    return m;
                }
                Lowering lowering = new Lowering(m, getCursor());
                List<Statement> statements = m.getBody().getStatements();
                List<String> texts = new ArrayList<>();
                boolean refused = sites.stream().anyMatch(s -> s.refusal() != null);
                for (DeferSite s : sites) {
                    if (s.refusal() == null) {
                        int at = statements.indexOf(s.topLevel());
                        Lowering.Result r = lowering.lower(s, at > 0 ? statements.get(at - 1) : null);
                        texts.add(r.text());
                        refused |= r.refusal() != null;
                        if (r.refusal() != null) {
                            sites.set(sites.indexOf(s), s.withRefusal(r.refusal()));
                        }
                    }
                }
                if (refused) {
                    sites.forEach(s -> row(ctx, m, s.refusal() == null ? s.withRefusal(Refusal.OTHER_SITE_REFUSED) : s));
                    return m;
                }
                J.MethodDeclaration out = m;
                try {
                    // last site first: each wraps everything after it, lowered sites included
                    for (int i = sites.size() - 1; i >= 0; i--) {
                        out = wrap(out, sites.get(i).topLevel(), texts.get(i));
                    }
                } catch (RuntimeException e) {
                    // a bug in the recipe must not stop the run over a whole project: the method is reported
                    sites.forEach(s -> row(ctx, m, s.withRefusal(Refusal.RECIPE_ERROR)));
                    return m;
                }
                sites.forEach(s -> row(ctx, m, s));
                out = withoutDeferred(out);
                maybeRemoveImport(JdeferStubs.DEFERRED);
                maybeRemoveImport(JdeferStubs.DEFER);
                maybeRemoveImport(JdeferStubs.DEFERS + ".*");
                maybeRemoveImport(JdeferStubs.DEFERS);
                return out;
            }

            /** Replaces {@code site} with {@code text} and moves the statements after it into the text's last try. */
            private J.MethodDeclaration wrap(J.MethodDeclaration m, Statement site, String text) {
                List<Statement> before = m.getBody().getStatements();
                int at = indexOfId(before, site);
                List<Statement> rest = before.subList(at + 1, before.size());
                String outer = Reindent.indentOf(site.getPrefix());
                String unit = unit(m, outer);
                J.MethodDeclaration replaced = JavaTemplate.builder(text).contextSensitive().javaParser(JdeferStubs.parser())
                    .build().apply(updateCursor(m), site.getCoordinates().replace());
                List<Statement> now = new ArrayList<>(replaced.getBody().getStatements());
                // the first statement written takes the registration's place and its comments
                now.set(at, now.get(at).withPrefix(site.getPrefix()));
                int tryAt = now.size() - rest.size() - 1;
                J.Try t = (J.Try) now.get(tryAt);
                List<Statement> moved = Reindent.in(new ArrayList<>(rest), outer, unit);
                t = t.withBody(t.getBody().withStatements(moved).withEnd(Space.format("\n" + (outer == null ? "" : outer))));
                List<Statement> result = new ArrayList<>(now.subList(0, tryAt));
                result.add(t);
                return replaced.withBody(replaced.getBody().withStatements(result));
            }

            private void row(ExecutionContext ctx, J.MethodDeclaration m, DeferSite s) {
                J.ClassDeclaration c = getCursor().firstEnclosing(J.ClassDeclaration.class);
                report.insertRow(ctx, new MigrationReport.Row(
                    getCursor().firstEnclosingOrThrow(J.CompilationUnit.class).getSourcePath().toString(),
                    (c == null ? "" : c.getSimpleName() + ".") + m.getSimpleName(), s.kind().id,
                    s.refusal() == null ? "inlined" : "refused", s.refusal() == null ? "" : s.refusal().id));
            }
        };
    }

    private static int indexOfId(List<Statement> statements, Statement s) {
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).getId().equals(s.getId())) {
                return i;
            }
        }
        throw new IllegalStateException("have no statement " + s.getId() + " in the method body, want the site's statement");
    }

    /** One indentation step: the method body's statements' indent minus the method's own. */
    private static String unit(J.MethodDeclaration m, String outer) {
        String own = Reindent.indentOf(m.getPrefix());
        if (own != null && outer != null && outer.startsWith(own) && outer.length() > own.length()) {
            return outer.substring(own.length());
        }
        return "    ";
    }

    private static boolean hasDeferred(J.MethodDeclaration m) {
        return m.getLeadingAnnotations().stream().anyMatch(InlineDefers::isDeferred);
    }

    /**
     * {@code @Deferred}, by type, or by name where the type is missing: a user who leaves jdefer may run
     * the recipe without jdefer-annotations on the class path.
     */
    private static boolean isDeferred(J.Annotation a) {
        if (!a.getSimpleName().equals("Deferred")) {
            return false;
        }
        JavaType.FullyQualified type = a.getAnnotationType().getType() instanceof JavaType.FullyQualified fq ? fq : null;
        return type == null || type instanceof JavaType.Unknown || type.getFullyQualifiedName().equals(JdeferStubs.DEFERRED);
    }

    /** The method without {@code @Deferred}; what followed it takes its place on the line. */
    private static J.MethodDeclaration withoutDeferred(J.MethodDeclaration m) {
        List<J.Annotation> annotations = m.getLeadingAnnotations();
        boolean first = !annotations.isEmpty() && isDeferred(annotations.get(0));
        List<J.Annotation> kept = annotations.stream().filter(a -> !isDeferred(a)).toList();
        m = m.withLeadingAnnotations(kept);
        if (!first) {
            return m;
        }
        if (!kept.isEmpty()) {
            return m.withLeadingAnnotations(ListUtils.mapFirst(kept, a -> a.withPrefix(Space.EMPTY)));
        }
        if (!m.getModifiers().isEmpty()) {
            return m.withModifiers(ListUtils.mapFirst(m.getModifiers(), mod -> mod.withPrefix(Space.EMPTY)));
        }
        if (m.getPadding().getTypeParameters() != null) {
            return m.getPadding().withTypeParameters(m.getPadding().getTypeParameters().withPrefix(Space.EMPTY));
        }
        if (m.getReturnTypeExpression() != null) {
            return m.withReturnTypeExpression(m.getReturnTypeExpression().withPrefix(Space.EMPTY));
        }
        return m.withName(m.getName().withPrefix(Space.EMPTY));
    }
}
