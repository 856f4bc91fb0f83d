package io.jdefer.analysis;

import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.UnionType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * SPEC S7, S9, C1: {@code @Defer T x = e;} behaves as {@code defer(x::close)} right after the
 * declaration, so the checked exceptions {@code close()} declares must be caught or declared there,
 * exactly as javac demands of that {@code defer} call: by a {@code catch} of a {@code try} whose body
 * holds the declaration, or by the {@code throws} of the invocation scope (the method or constructor,
 * or a lambda's functional method; for a lambda passed to a generic method that infers its thrown
 * type, such as {@code defer(() -> { ... })}, the call's context). Issue 14 item 4: it compiled,
 * and the exception escaped undeclared at run time.
 */
final class DeferLocalThrowsCheck {
    private final Trees trees;
    private final Elements elements;
    private final Types types;

    DeferLocalThrowsCheck(Trees trees, Elements elements, Types types) {
        this.trees = trees;
        this.elements = elements;
        this.types = types;
    }

    /** The finding for the first checked exception of {@code target} (a method of {@code owner}) left unhandled, or {@code null}. */
    Finding check(TreePath variable, String name, DeclaredType owner, ExecutableElement target) {
        List<? extends TypeMirror> thrown = ((ExecutableType) types.asMemberOf(owner, target)).getThrownTypes();
        for (TypeMirror exception : thrown) {
            if (isChecked(exception) && !handled(variable, exception)) {
                String call = owner.asElement().getSimpleName() + "." + target.getSimpleName() + "()";
                String simple = simpleName(exception);
                return new Finding(DiagnosticId.DEFER_LOCAL_UNREPORTED, "unreported exception " + exception + "; must be caught or"
                        + " declared to be thrown: @Defer local `" + name + "` calls " + call + " at exit, which throws it, as defer("
                        + name + "::" + target.getSimpleName() + ") would here; declare it (throws " + simple + "), catch it around the"
                        + " declaration, or write defer(() -> { try { " + name + "." + target.getSimpleName() + "(); } catch (" + simple
                        + " e) { ... } }) instead of @Defer");
            }
        }
        return null;
    }

    private boolean isChecked(TypeMirror exception) {
        TypeMirror erased = types.erasure(exception);
        return !types.isSubtype(erased, type("java.lang.RuntimeException")) && !types.isSubtype(erased, type("java.lang.Error"));
    }

    /** Whether a catch around the declaration, or the throws of its invocation scope, covers {@code exception}. */
    private boolean handled(TreePath variable, TypeMirror exception) {
        Tree child = variable.getLeaf();
        for (TreePath path = variable.getParentPath(); path != null; child = path.getLeaf(), path = path.getParentPath()) {
            Tree leaf = path.getLeaf();
            if (leaf instanceof TryTree && ((TryTree) leaf).getBlock() == child) {
                for (CatchTree clause : ((TryTree) leaf).getCatches()) {
                    TypeMirror caught = trees.getTypeMirror(new TreePath(new TreePath(path, clause), clause.getParameter()));
                    if (covers(caught, exception)) {
                        return true;
                    }
                }
            } else if (leaf instanceof LambdaExpressionTree) {
                if (throwsAreInferred(path)) {
                    continue; // defer(() -> { ... }): javac would infer the exception into X, thrown at that call
                }
                return coveredByAny(functionalThrows(trees.getTypeMirror(path)), exception);
            } else if (leaf instanceof MethodTree) {
                Element method = trees.getElement(path);
                return method instanceof ExecutableElement && coveredByAny(((ExecutableElement) method).getThrownTypes(), exception);
            } else if (leaf instanceof ClassTree) {
                return false;
            }
        }
        return false;
    }

    private boolean coveredByAny(List<? extends TypeMirror> declared, TypeMirror exception) {
        for (TypeMirror type : declared) {
            if (covers(type, exception)) {
                return true;
            }
        }
        return false;
    }

    private boolean covers(TypeMirror handler, TypeMirror exception) {
        if (handler == null || handler.getKind() == TypeKind.ERROR) {
            return true; // javac reports the broken type; do not add a second error
        }
        if (handler instanceof UnionType) {
            return coveredByAny(((UnionType) handler).getAlternatives(), exception);
        }
        return types.isSubtype(types.erasure(exception), types.erasure(handler));
    }

    /**
     * Whether the lambda is an argument of a generic method that infers its functional method's
     * thrown type ({@code <X extends Throwable> void defer(Action<X>)}): javac then infers an
     * exception the body throws into {@code X} (JLS 18.2.5), and the call throws it.
     */
    private boolean throwsAreInferred(TreePath lambda) {
        Tree parent = lambda.getParentPath().getLeaf();
        List<? extends ExpressionTree> arguments = parent instanceof MethodInvocationTree ? ((MethodInvocationTree) parent).getArguments()
                : parent instanceof NewClassTree ? ((NewClassTree) parent).getArguments() : null;
        Element invoked = arguments == null ? null : trees.getElement(lambda.getParentPath());
        int index = arguments == null ? -1 : arguments.indexOf(lambda.getLeaf());
        if (!(invoked instanceof ExecutableElement) || index < 0) {
            return false;
        }
        List<? extends VariableElement> parameters = ((ExecutableElement) invoked).getParameters();
        if (parameters.isEmpty()) {
            return false;
        }
        TypeMirror parameter = parameters.get(Math.min(index, parameters.size() - 1)).asType();
        for (TypeMirror thrown : functionalThrows(parameter)) {
            if (thrown.getKind() == TypeKind.TYPEVAR && invoked.equals(((TypeVariable) thrown).asElement().getEnclosingElement())) {
                return true;
            }
        }
        return false;
    }

    /** The throws of the single abstract method of a lambda's functional interface, as a member of that type. */
    private List<? extends TypeMirror> functionalThrows(TypeMirror functional) {
        if (!(functional instanceof DeclaredType)) {
            return List.of();
        }
        DeclaredType declared = (DeclaredType) functional;
        TypeElement type = (TypeElement) declared.asElement();
        List<TypeMirror> result = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(type))) {
            if (method.getModifiers().contains(Modifier.ABSTRACT) && !isObjectMethod(method)) {
                result.addAll(((ExecutableType) types.asMemberOf(declared, method)).getThrownTypes());
                return result;
            }
        }
        return result;
    }

    /** Object's public methods an interface may redeclare abstractly (JLS 9.8): not the functional method. */
    private static boolean isObjectMethod(ExecutableElement method) {
        String name = method.getSimpleName().toString();
        int parameters = method.getParameters().size();
        return name.equals("equals") && parameters == 1 || (name.equals("hashCode") || name.equals("toString")) && parameters == 0;
    }

    private TypeMirror type(String name) {
        return elements.getTypeElement(name).asType();
    }

    private static String simpleName(TypeMirror type) {
        String text = type.toString();
        int generic = text.indexOf('<');
        String raw = generic < 0 ? text : text.substring(0, generic);
        return raw.substring(raw.lastIndexOf('.') + 1);
    }
}
