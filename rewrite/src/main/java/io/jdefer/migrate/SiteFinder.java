package io.jdefer.migrate;

import java.util.ArrayList;
import java.util.List;
import org.openrewrite.Cursor;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.Statement;

/**
 * Collects the registrations of one method body with the reason their position gives: a direct
 * statement of the body can be inlined; one in a loop, a branch or a lambda cannot. Nested and
 * anonymous classes are their own methods' business.
 */
final class SiteFinder extends JavaIsoVisitor<List<DeferSite>> {
    private final J.Block body;

    private SiteFinder(J.Block body) {
        this.body = body;
    }

    static List<DeferSite> sites(J.Block body, Cursor parent) {
        List<DeferSite> found = new ArrayList<>();
        new SiteFinder(body).visit(body, found, parent);
        return found;
    }

    @Override
    public J.MethodInvocation visitMethodInvocation(J.MethodInvocation mi, List<DeferSite> found) {
        if (Cleanups.JDEFER_NAMES.contains(mi.getSimpleName()) && Cleanups.isJdeferCall(mi)) {
            DeferSite.Kind kind = switch (mi.getSimpleName()) {
                case "defer" -> DeferSite.Kind.DEFER;
                case "deferOnError" -> DeferSite.Kind.ON_ERROR;
                case "deferOnSuccess" -> DeferSite.Kind.ON_SUCCESS;
                default -> DeferSite.Kind.RECOVER;
            };
            found.add(site(kind, mi));
        }
        return super.visitMethodInvocation(mi, found);
    }

    @Override
    public J.VariableDeclarations visitVariableDeclarations(J.VariableDeclarations vd, List<DeferSite> found) {
        if (vd.getAllAnnotations().stream().anyMatch(a -> a.getSimpleName().equals("Defer"))) {
            found.add(site(DeferSite.Kind.DEFER_LOCAL, vd));
        }
        return super.visitVariableDeclarations(vd, found);
    }

    private DeferSite site(DeferSite.Kind kind, J tree) {
        if (kind == DeferSite.Kind.RECOVER) {
            return new DeferSite(kind, tree, null, Refusal.USES_RECOVER);
        }
        Cursor c = getCursor();
        Refusal position = null;
        Statement top = null;
        for (Cursor p = c.getParent(); p != null; p = p.getParent()) {
            Object v = p.getValue();
            if (v instanceof J.Lambda) {
                position = Refusal.DEFER_IN_LAMBDA;
                break;
            }
            if (v instanceof J.ForLoop || v instanceof J.ForEachLoop || v instanceof J.WhileLoop || v instanceof J.DoWhileLoop) {
                position = Refusal.DEFER_IN_LOOP;
                break;
            }
            if (v == body) {
                break;
            }
        }
        if (position == null) {
            for (Statement s : body.getStatements()) {
                if (s == tree) {
                    top = s;
                }
            }
            position = top == null ? Refusal.DEFER_IN_BRANCH : null;
        }
        return new DeferSite(kind, tree, top, position);
    }

    @Override
    public J.ClassDeclaration visitClassDeclaration(J.ClassDeclaration c, List<DeferSite> found) {
        return c;
    }

    @Override
    public J.NewClass visitNewClass(J.NewClass n, List<DeferSite> found) {
        for (var arg : n.getArguments()) {
            visit(arg, found, getCursor());
        }
        return n;
    }
}
