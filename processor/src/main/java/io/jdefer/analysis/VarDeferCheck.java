package io.jdefer.analysis;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;

/**
 * SPEC C1 for {@code @Defer var x = ...}, checked on parsed trees during annotation processing,
 * before attribution: from JDK 23 or so javac rejects a type-use annotation on {@code var} itself
 * during attribution, and the later ANALYZE scan never sees the variable. Names are matched as
 * written ({@code Defer} imported from {@code io.jdefer}, or {@code io.jdefer.Defer}).
 */
public final class VarDeferCheck extends TreeScanner<Void, Void> {
    private final Reporter reporter;
    private CompilationUnitTree unit;
    private boolean deferImported;

    public VarDeferCheck(Reporter reporter) {
        this.reporter = reporter;
    }

    public void check(CompilationUnitTree unit) {
        this.unit = unit;
        deferImported = false;
        for (ImportTree imported : unit.getImports()) {
            String name = imported.getQualifiedIdentifier().toString();
            deferImported |= !imported.isStatic() && (name.equals(ApiElements.DEFER) || name.equals("io.jdefer.*"));
        }
        scan(unit, null);
    }

    @Override
    public Void visitVariable(VariableTree tree, Void unused) {
        if (tree.getType() == null && tree.getModifiers().getAnnotations().stream().anyMatch(this::isDefer)) {
            reporter.report(DiagnosticId.DEFER_LOCAL_VAR, message(tree.getName()), tree, unit);
        }
        return super.visitVariable(tree, unused);
    }

    static String message(CharSequence variable) {
        return "@Defer local `" + variable + "` is declared with `var`: @Defer needs the type written out, since it names the"
                + " class whose method runs at exit; write `@Defer T " + variable + " = ...;` with T its type";
    }

    private boolean isDefer(AnnotationTree annotation) {
        Tree type = annotation.getAnnotationType();
        if (type instanceof IdentifierTree) {
            return deferImported && ((IdentifierTree) type).getName().contentEquals("Defer");
        }
        return type instanceof MemberSelectTree && type.toString().equals(ApiElements.DEFER);
    }
}
