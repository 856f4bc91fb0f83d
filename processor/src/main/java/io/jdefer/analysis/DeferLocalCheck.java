package io.jdefer.analysis;

import com.sun.source.tree.AnnotatedTypeTree;
import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.jdefer.plan.DeferLocal;
import io.jdefer.plan.LineSpan;
import io.jdefer.plan.MethodRef;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * SPEC S9, C1: {@code @Defer} goes on a local variable declared with an explicit type and an
 * initializer, whose type has an accessible instance method of the given name without parameters.
 */
final class DeferLocalCheck {
    private final Trees trees;
    private final Elements elements;
    private final Types types;
    private final Descriptors descriptors;
    private final Lines lines;
    private final DeferLocalThrowsCheck throwsCheck;

    DeferLocalCheck(Trees trees, Elements elements, Types types, Descriptors descriptors, Lines lines) {
        this.trees = trees;
        this.elements = elements;
        this.types = types;
        this.descriptors = descriptors;
        this.lines = lines;
        this.throwsCheck = new DeferLocalThrowsCheck(trees, elements, types);
    }

    /** The method a {@code @Defer} on this variable names, or {@code null} when it has no {@code @Defer}. */
    String annotatedMethod(TreePath variable) {
        VariableTree tree = (VariableTree) variable.getLeaf();
        if (tree.getModifiers().getAnnotations().isEmpty() && !(tree.getType() instanceof AnnotatedTypeTree)) {
            return null;
        }
        List<TreePath> annotations = new ArrayList<>();
        TreePath modifiers = new TreePath(variable, tree.getModifiers());
        for (AnnotationTree annotation : tree.getModifiers().getAnnotations()) {
            annotations.add(new TreePath(modifiers, annotation));
        }
        if (tree.getType() instanceof AnnotatedTypeTree) {
            TreePath type = new TreePath(variable, tree.getType());
            for (AnnotationTree annotation : ((AnnotatedTypeTree) tree.getType()).getAnnotations()) {
                annotations.add(new TreePath(type, annotation));
            }
        }
        for (TreePath path : annotations) {
            AnnotationTree annotation = (AnnotationTree) path.getLeaf();
            Tree written = annotation.getAnnotationType();
            String simple = written instanceof MemberSelectTree ? ((MemberSelectTree) written).getIdentifier().toString() : written.toString();
            if (!simple.equals("Defer")) {
                continue; // only an annotation written Defer can be io.jdefer.Defer: resolve nothing else
            }
            Element type = trees.getElement(new TreePath(path, written));
            if (type instanceof TypeElement && ((TypeElement) type).getQualifiedName().contentEquals(ApiElements.DEFER)) {
                return methodName(path, annotation);
            }
        }
        return null;
    }

    private String methodName(TreePath path, AnnotationTree annotation) {
        for (ExpressionTree argument : annotation.getArguments()) {
            ExpressionTree value = argument instanceof AssignmentTree ? ((AssignmentTree) argument).getExpression() : argument;
            if (value instanceof LiteralTree && ((LiteralTree) value).getValue() instanceof String) {
                return (String) ((LiteralTree) value).getValue();
            }
            Element constant = trees.getElement(new TreePath(new TreePath(path, argument), value));
            if (constant instanceof VariableElement && ((VariableElement) constant).getConstantValue() instanceof String) {
                return (String) ((VariableElement) constant).getConstantValue();
            }
            return "";
        }
        return "close";
    }

    /** The plan of a {@code @Defer} local, or the finding that forbids it. */
    Object check(TreePath variable, String method, Context scope, boolean beforeSuper, CompilationUnitTree unit) {
        VariableTree tree = (VariableTree) variable.getLeaf();
        Element element = trees.getElement(variable);
        String what = "@Defer local `" + tree.getName() + "`";
        if (element != null && element.asType().getKind() == TypeKind.ERROR) {
            return null; // javac has reported the unknown type; a second error would only repeat it
        }
        if (element == null || element.getKind() != ElementKind.LOCAL_VARIABLE) {
            String kind = element == null ? "not a local variable" : describe(element.getKind());
            return new Finding(DiagnosticId.DEFER_LOCAL_NOT_LOCAL, "@Defer works on local variables only, and `" + tree.getName()
                    + "` is " + kind + "; declare a local `@Defer T x = ...;` or call defer(...)");
        }
        if (tree.getType() == null || trees.getSourcePositions().getStartPosition(unit, tree.getType()) < 0) {
            return new Finding(DiagnosticId.DEFER_LOCAL_VAR, VarDeferCheck.message(tree.getName()));
        }
        if (tree.getInitializer() == null) {
            return new Finding(DiagnosticId.DEFER_LOCAL_NO_INITIALIZER, what + " has no initializer: the value deferred is the one"
                    + " it is declared with; write `@Defer T " + tree.getName() + " = ...;`, or call defer(" + tree.getName()
                    + "::" + method + ") once it is assigned");
        }
        Finding scopeFinding = ScopeCheck.check(what, scope, beforeSuper);
        if (scopeFinding != null) {
            return scopeFinding;
        }
        List<DeclaredType> bounds = new ArrayList<>();
        collectBounds(element.asType(), bounds);
        if (bounds.isEmpty()) {
            return new Finding(DiagnosticId.DEFER_LOCAL_NO_METHOD, what + " has type `" + element.asType() + "`, which has no method `"
                    + method + "()`; @Defer needs an object with a no-argument method to call at exit");
        }
        // The method is looked for on each bound of a type variable, leftmost first (`T extends Number & AutoCloseable`
        // finds close() on AutoCloseable): the bound that has it is the owner the call names.
        DeclaredType owner = null;
        ExecutableElement target = null;
        boolean namedWithParameters = false;
        for (DeclaredType bound : bounds) {
            TypeElement boundElement = (TypeElement) bound.asElement();
            for (ExecutableElement candidate : ElementFilter.methodsIn(elements.getAllMembers(boundElement))) {
                if (!candidate.getSimpleName().contentEquals(method) || candidate.getModifiers().contains(Modifier.STATIC)) {
                    continue;
                }
                if (candidate.getParameters().isEmpty()) {
                    target = candidate;
                } else {
                    namedWithParameters = true;
                }
            }
            if (target != null) {
                owner = bound;
                break;
            }
        }
        if (target == null) {
            String typeName = bounds.stream().map(b -> b.asElement().getSimpleName().toString()).collect(Collectors.joining(" & "));
            String fix = namedWithParameters
                    ? "; `" + method + "` takes parameters there: call defer(() -> " + tree.getName() + "." + method + "(...)) instead"
                    : "; name the no-argument method to call, as in @Defer(\"unlock\")";
            return new Finding(DiagnosticId.DEFER_LOCAL_NO_METHOD, what + ": `" + typeName + "` has no instance method `" + method
                    + "()` without parameters" + fix);
        }
        DeclaredType erasedOwner = (DeclaredType) types.erasure(owner);
        TypeElement ownerElement = (TypeElement) owner.asElement();
        if (!trees.isAccessible(trees.getScope(variable), target, erasedOwner)) {
            return new Finding(DiagnosticId.DEFER_LOCAL_NO_METHOD, what + ": `" + ownerElement.getSimpleName() + "." + method
                    + "()` is not accessible here; call an accessible method with defer(...) instead");
        }
        Finding unreported = throwsCheck.check(variable, tree.getName().toString(), owner, target);
        if (unreported != null) {
            return unreported;
        }
        String descriptor = descriptors.methodDescriptor((ExecutableType) types.erasure(target.asType()));
        MethodRef ref = new MethodRef(descriptors.internalName(ownerElement), method, descriptor, ownerElement.getKind().isInterface());
        LineSpan span = lines.span(unit, tree);
        TypeElement localType = (TypeElement) ((DeclaredType) types.erasure(element.asType())).asElement();
        return new DeferLocal(tree.getName().toString(), span, descriptors.internalName(localType), ref);
    }

    /** The class and interface types a value of {@code type} has: itself, or the bounds of a type variable or intersection. */
    private static void collectBounds(TypeMirror type, List<DeclaredType> out) {
        if (type.getKind() == TypeKind.DECLARED) {
            out.add((DeclaredType) type);
        } else if (type.getKind() == TypeKind.TYPEVAR) {
            collectBounds(((TypeVariable) type).getUpperBound(), out);
        } else if (type.getKind() == TypeKind.INTERSECTION) {
            for (TypeMirror bound : ((IntersectionType) type).getBounds()) {
                collectBounds(bound, out);
            }
        }
    }

    private static String describe(ElementKind kind) {
        switch (kind) {
            case FIELD:
                return "a field";
            case PARAMETER:
                return "a parameter";
            case RESOURCE_VARIABLE:
                return "a try-with-resources variable, already closed by the try";
            case EXCEPTION_PARAMETER:
                return "an exception parameter";
            case BINDING_VARIABLE:
                return "a pattern variable";
            default:
                return "a " + kind.toString().toLowerCase().replace('_', ' ');
        }
    }
}
