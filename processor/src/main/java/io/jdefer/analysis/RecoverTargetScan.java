package io.jdefer.analysis;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Collects, during annotation processing (before any class is generated), the methods of the
 * compilation that call {@code recover()} directly in their body, as {@code name + descriptor}:
 * the possible method-reference targets that need the pending throwable handed over (SPEC S5).
 * Calls are matched as written ({@code recover()} or {@code Defers.recover()}), a harmless
 * over-approximation: a false match only adds the hand-off on the error path.
 */
public final class RecoverTargetScan extends TreePathScanner<Void, Void> {
    private final Trees trees;
    private final Types types;
    private final Descriptors descriptors;
    private final Set<String> targets;

    public RecoverTargetScan(Trees trees, Elements elements, Types types, Set<String> targets) {
        this.trees = trees;
        this.types = types;
        this.descriptors = new Descriptors(elements, types);
        this.targets = targets;
    }

    public void scan(CompilationUnitTree unit) {
        scan(new com.sun.source.util.TreePath(unit), null);
    }

    @Override
    public Void visitMethod(MethodTree tree, Void unused) {
        if (tree.getBody() != null && callsRecover(tree.getBody())) {
            Element element = trees.getElement(getCurrentPath());
            if (element instanceof ExecutableElement && !element.getSimpleName().contentEquals("<init>")) {
                try {
                    targets.add(element.getSimpleName() + descriptors.methodDescriptor((ExecutableType) types.erasure(element.asType())));
                } catch (IllegalStateException unresolved) {
                    // a signature javac could not resolve: javac reports it; no target to record
                }
            }
        }
        return super.visitMethod(tree, unused);
    }

    private static boolean callsRecover(Tree body) {
        Boolean found = new TreeScanner<Boolean, Void>() {
            @Override
            public Boolean visitMethodInvocation(MethodInvocationTree call, Void unused) {
                Tree select = call.getMethodSelect();
                boolean named = select instanceof IdentifierTree ? ((IdentifierTree) select).getName().contentEquals("recover")
                        : select instanceof MemberSelectTree && ((MemberSelectTree) select).getIdentifier().contentEquals("recover");
                return (named && call.getArguments().isEmpty()) || Boolean.TRUE.equals(super.visitMethodInvocation(call, unused));
            }

            @Override
            public Boolean visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
                return false;
            }

            @Override
            public Boolean visitClass(ClassTree nested, Void unused) {
                return false;
            }

            @Override
            public Boolean reduce(Boolean a, Boolean b) {
                return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
            }
        }.scan(body, null);
        return Boolean.TRUE.equals(found);
    }
}
