package io.jdefer.analysis;

import com.sun.source.tree.AssertTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.VariableElement;

/**
 * SPEC S9, C1, D5: the two conditions under which the class file holds an exact trace of a
 * {@code @Defer} local, checked at the declaration.
 * <ol>
 *   <li>It is never assigned again (effectively final, as a try-with-resources variable is), so
 *       the store its type annotation's range begins after is its declaration.
 *   <li>Some code runs in its scope after it: javac writes the annotation only for a local whose
 *       range is not empty, and the range of a local that ends its block (the body of a loop or an
 *       {@code if}, a {@code case}) is. The last statement of a method, constructor or lambda body
 *       is fine: the return javac adds is in its range.
 * </ol>
 */
final class DeferLocalPlacementCheck {
    private final Trees trees;

    DeferLocalPlacementCheck(Trees trees) {
        this.trees = trees;
    }

    /** The finding for a {@code @Defer} local at {@code variable}, or {@code null} when its trace is exact. */
    Finding check(TreePath variable, String method) {
        VariableTree tree = (VariableTree) variable.getLeaf();
        String name = tree.getName().toString();
        Element element = trees.getElement(variable);
        TreePath block = variable.getParentPath();
        List<? extends StatementTree> statements = statementsOf(block.getLeaf());
        if (statements == null) {
            return null;
        }
        // A local declared in one case of a switch is in scope in the cases after it: look at the whole switch.
        TreePath scope = block.getLeaf() instanceof CaseTree ? block.getParentPath() : block;
        TreePath reassigned = reassignment(scope, element);
        if (reassigned != null) {
            return new Finding(DiagnosticId.DEFER_LOCAL_REASSIGNED, "@Defer local `" + name + "` is assigned again, but the value"
                    + " deferred is the one it is declared with (a @Defer local is effectively final, like a try-with-resources"
                    + " variable); make it final and use another local, or call defer(" + name + "::" + method
                    + ") after the last assignment");
        }
        int at = statements.indexOf(tree);
        for (StatementTree next : statements.subList(at + 1, statements.size())) {
            if (generatesCode(new TreePath(block, next))) {
                return null;
            }
        }
        Tree owner = block.getParentPath() == null ? null : block.getParentPath().getLeaf();
        if (block.getLeaf() instanceof BlockTree && (owner instanceof MethodTree || owner instanceof LambdaExpressionTree)) {
            return null;
        }
        return new Finding(DiagnosticId.DEFER_LOCAL_ENDS_BLOCK, "@Defer local `" + name + "` ends its block, so javac keeps no"
                + " trace of it in the class file (its range is empty) and jdefer could not register it; write `"
                + tree.getType() + " " + name + " = ...; defer(" + name + "::" + method + ");` instead, or declare it where code"
                + " follows it in its block");
    }

    private static List<? extends StatementTree> statementsOf(Tree block) {
        if (block instanceof BlockTree) {
            return ((BlockTree) block).getStatements();
        }
        if (block instanceof CaseTree) {
            return ((CaseTree) block).getStatements();
        }
        return null;
    }

    /** Whether javac certainly emits an instruction for the statement (a constant {@code if} may emit none). */
    private boolean generatesCode(TreePath path) {
        StatementTree statement = (StatementTree) path.getLeaf();
        if (statement instanceof ExpressionStatementTree || statement instanceof ReturnTree || statement instanceof ThrowTree
                || statement instanceof AssertTree || statement instanceof SwitchTree || statement instanceof SynchronizedTree
                || statement instanceof WhileLoopTree || statement instanceof DoWhileLoopTree || statement instanceof ForLoopTree
                || statement instanceof EnhancedForLoopTree) {
            return true;
        }
        if (statement instanceof YieldTree) {
            return true; // its value is pushed in the range; a bare break or continue may be a jump javac drops
        }
        if (statement instanceof VariableTree) {
            VariableTree variable = (VariableTree) statement;
            return variable.getInitializer() != null && !isConstant(new TreePath(path, variable.getInitializer()));
        }
        if (statement instanceof IfTree) {
            return !isConstant(new TreePath(path, ((IfTree) statement).getCondition()));
        }
        if (statement instanceof BlockTree) {
            return ((BlockTree) statement).getStatements().stream().anyMatch(s -> generatesCode(new TreePath(path, s)));
        }
        if (statement instanceof LabeledStatementTree) {
            return generatesCode(new TreePath(path, ((LabeledStatementTree) statement).getStatement()));
        }
        if (statement instanceof TryTree) {
            TryTree tryTree = (TryTree) statement;
            return !tryTree.getResources().isEmpty() || generatesCode(new TreePath(path, tryTree.getBlock()));
        }
        return false;
    }

    /**
     * Whether an expression may be a compile-time constant (JLS 15.29): built only from literals and
     * constant variables. Erring towards "constant" only ever asks for more code after a
     * {@code @Defer} local, never less.
     */
    private boolean isConstant(TreePath path) {
        Tree expression = path.getLeaf();
        if (expression instanceof LiteralTree) {
            return true;
        }
        if (expression instanceof ParenthesizedTree) {
            return isConstant(new TreePath(path, ((ParenthesizedTree) expression).getExpression()));
        }
        if (expression instanceof TypeCastTree) {
            return isConstant(new TreePath(path, ((TypeCastTree) expression).getExpression()));
        }
        if (expression instanceof UnaryTree) {
            Tree.Kind kind = expression.getKind();
            return kind != Tree.Kind.PREFIX_INCREMENT && kind != Tree.Kind.PREFIX_DECREMENT && kind != Tree.Kind.POSTFIX_INCREMENT
                    && kind != Tree.Kind.POSTFIX_DECREMENT && isConstant(new TreePath(path, ((UnaryTree) expression).getExpression()));
        }
        if (expression instanceof BinaryTree) {
            BinaryTree binary = (BinaryTree) expression;
            return isConstant(new TreePath(path, binary.getLeftOperand())) && isConstant(new TreePath(path, binary.getRightOperand()));
        }
        if (expression instanceof ConditionalExpressionTree) {
            ConditionalExpressionTree conditional = (ConditionalExpressionTree) expression;
            return isConstant(new TreePath(path, conditional.getCondition()))
                    && isConstant(new TreePath(path, conditional.getTrueExpression()))
                    && isConstant(new TreePath(path, conditional.getFalseExpression()));
        }
        if (expression instanceof IdentifierTree || expression instanceof MemberSelectTree) {
            Element element = trees.getElement(path);
            return !(element instanceof VariableElement) || ((VariableElement) element).getConstantValue() != null;
        }
        return false;
    }

    /** The first assignment to {@code variable} within {@code block}, its scope, or {@code null}. */
    private TreePath reassignment(TreePath block, Element variable) {
        if (!(variable instanceof VariableElement)) {
            return null;
        }
        TreePath[] found = new TreePath[1];
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitAssignment(AssignmentTree tree, Void unused) {
                note(tree.getVariable());
                return super.visitAssignment(tree, unused);
            }

            @Override
            public Void visitCompoundAssignment(CompoundAssignmentTree tree, Void unused) {
                note(tree.getVariable());
                return super.visitCompoundAssignment(tree, unused);
            }

            private void note(ExpressionTree target) {
                if (found[0] == null && target instanceof IdentifierTree
                        && variable.equals(trees.getElement(new TreePath(getCurrentPath(), target)))) {
                    found[0] = getCurrentPath();
                }
            }
        }.scan(block, null);
        return found[0];
    }
}
