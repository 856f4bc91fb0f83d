package io.jdefer.analysis;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import io.jdefer.plan.DeferLocal;
import io.jdefer.plan.DeferSite;
import io.jdefer.plan.ScopeKind;
import io.jdefer.plan.ScopePlan;
import io.jdefer.plan.SiteKind;
import io.jdefer.plan.StrategyChoice;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Name;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The ANALYZE scan of one top-level class: finds every registration and {@code recover()} by
 * symbol, runs the checks at each, and collects one plan per class file (nested, local and
 * anonymous classes are class files of their own; lambda bodies belong to the class whose code
 * holds them). The scan's path walk stops at the boundaries of an invocation scope (SPEC S8):
 * {@code METHOD}, {@code LAMBDA_EXPRESSION} and {@code CLASS}.
 */
public final class PlanScanner extends TreePathScanner<Void, Void> {
    private final Trees trees;
    private final Elements elements;
    private final Types types;
    private final Reporter reporter;
    private final Lines lines;
    private final Descriptors descriptors;
    private final DeferLocalCheck deferLocals;
    private final DeferLocalPlacementCheck deferPlacement;
    private CompilationUnitTree unit;

    private final Deque<Context> contexts = new ArrayDeque<>();
    private final Map<String, SourcePlanBuilder> classes = new LinkedHashMap<>();
    private final Map<Integer, Tree> siteTrees = new HashMap<>();
    private final Map<String, TypeElement> typesByName = new HashMap<>();
    /** Statements of the constructor being scanned that come before its {@code super(...)} or {@code this(...)}. */
    private final Set<StatementTree> constructorPrologue = new HashSet<>();
    /**
     * The explicit {@code super(...)}/{@code this(...)} of that constructor: its arguments run before
     * the object exists, as the prologue does (a switch expression arm there can register).
     */
    private StatementTree constructorCall;
    private int nextSiteId;

    public PlanScanner(Trees trees, Elements elements, Types types, Reporter reporter) {
        this.trees = trees;
        this.elements = elements;
        this.types = types;
        this.reporter = reporter;
        this.lines = new Lines(trees.getSourcePositions());
        this.descriptors = new Descriptors(elements, types);
        this.deferLocals = new DeferLocalCheck(trees, elements, types, descriptors, lines);
        this.deferPlacement = new DeferLocalPlacementCheck(trees);
    }

    /** Scans the class at {@code path} (a top-level class) and returns the plans of its class files that register actions. */
    public List<PlannedClass> scanClass(TreePath path) {
        unit = path.getCompilationUnit();
        scan(path, null);
        return classes.values().stream()
                .filter(builder -> !builder.isEmpty())
                .map(builder -> new PlannedClass(builder.build(), builder.type, unit, builder.tree, builder.methodTrees, siteTrees))
                .toList();
    }

    /** Every class seen, by internal name, local and anonymous ones included: for the frame computation's hierarchy. */
    public Map<String, TypeElement> types() {
        return typesByName;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
        Element element = trees.getElement(getCurrentPath());
        if (!(element instanceof TypeElement)) {
            return null;
        }
        TypeElement type = (TypeElement) element;
        StrategyChoice own = ApiElements.deferredStrategy(type);
        StrategyChoice strategy = own != null ? own : contexts.isEmpty() ? null : contexts.peek().strategy;
        String internalName = descriptors.internalName(type);
        SourcePlanBuilder builder = new SourcePlanBuilder(internalName, strategy, type, tree);
        classes.put(internalName, builder);
        typesByName.put(internalName, type);
        return within(new Context(Context.Kind.CLASS, internalName, strategy, lines.span(unit, tree), type, builder),
                () -> super.visitClass(tree, unused));
    }

    @Override
    public Void visitMethod(MethodTree tree, Void unused) {
        Element element = trees.getElement(getCurrentPath());
        if (!(element instanceof ExecutableElement) || contexts.isEmpty()) {
            return null;
        }
        Context cls = contexts.peek();
        StrategyChoice own = ApiElements.deferredStrategy(element);
        boolean constructor = element.getKind() == ElementKind.CONSTRUCTOR;
        Context scope = new Context(constructor ? Context.Kind.CONSTRUCTOR : Context.Kind.METHOD,
                constructor ? "<init>" : element.getSimpleName().toString(),
                own != null ? own : cls.strategy, lines.span(unit, tree), element, cls.owner);
        // A constructor of a class nested in a constructor has a prologue of its own: the outer one's comes back after it.
        Set<StatementTree> outerPrologue = Set.copyOf(constructorPrologue);
        StatementTree outerCall = constructorCall;
        if (constructor && tree.getBody() != null) {
            markPrologue(tree.getBody().getStatements());
        }
        if (cls.owner != null) {
            // By JVM name and descriptor, as the class file names it: exact among overloads.
            cls.owner.methodTrees.put(scope.name + descriptors.methodDescriptor((javax.lang.model.type.ExecutableType)
                    types.erasure(element.asType())), tree);
        }
        within(scope, () -> super.visitMethod(tree, unused));
        constructorPrologue.clear();
        constructorPrologue.addAll(outerPrologue);
        constructorCall = outerCall;
        return null;
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
        Context enclosing = contexts.peek();
        Context scope = new Context(Context.Kind.LAMBDA, "lambda", enclosing == null ? null : enclosing.strategy,
                lines.span(unit, tree), enclosing == null ? null : enclosing.element, enclosing == null ? null : enclosing.owner);
        // The lambda is the action when it is the argument, seen through parentheses and casts
        // ((Action<X>) () -> ..., (Action<X> & Serializable) () -> ...): javac passes that same object.
        TreePath argument = getCurrentPath();
        while (argument.getParentPath().getLeaf() instanceof ParenthesizedTree
                || argument.getParentPath().getLeaf() instanceof TypeCastTree) {
            argument = argument.getParentPath();
        }
        Tree parent = argument.getParentPath().getLeaf();
        if (parent instanceof MethodInvocationTree && ((MethodInvocationTree) parent).getArguments().contains(argument.getLeaf())) {
            scope.action = ApiElements.registration(trees.getElement(argument.getParentPath()));
        }
        return within(scope, () -> super.visitLambdaExpression(tree, unused));
    }

    @Override
    public Void visitBlock(BlockTree tree, Void unused) {
        if (getCurrentPath().getParentPath().getLeaf() instanceof ClassTree) {
            return within(initializer(), () -> super.visitBlock(tree, unused));
        }
        return super.visitBlock(tree, unused);
    }

    @Override
    public Void visitVariable(VariableTree tree, Void unused) {
        String method = deferLocals.annotatedMethod(getCurrentPath());
        if (method != null) {
            checkDeferLocal(tree, method);
        }
        if (getCurrentPath().getParentPath().getLeaf() instanceof ClassTree) {
            return within(initializer(), () -> super.visitVariable(tree, unused));
        }
        return super.visitVariable(tree, unused);
    }

    private void checkDeferLocal(VariableTree tree, String method) {
        Context scope = contexts.peek();
        Object result = deferLocals.check(getCurrentPath(), method, scope, beforeSuper(), unit);
        if (result == null) {
            return;
        }
        if (result instanceof Finding) {
            report((Finding) result, tree);
            return;
        }
        Finding placement = deferPlacement.check(getCurrentPath(), method);
        if (placement != null) {
            report(placement, tree);
            return;
        }
        DeferLocal local = (DeferLocal) result;
        addSite(SiteKind.DEFER_LOCAL, tree, local);
    }

    /** Names of the API's methods: only calls and references so named are resolved, which keeps the scan cheap. */
    private static final java.util.Set<String> API_METHODS = java.util.Set.of("defer", "deferOnError", "deferOnSuccess", "recover");

    private static boolean namedLikeTheApi(Tree select) {
        Name name = select instanceof IdentifierTree ? ((IdentifierTree) select).getName()
                : select instanceof MemberSelectTree ? ((MemberSelectTree) select).getIdentifier() : null;
        return name != null && API_METHODS.contains(name.toString());
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
        if (!namedLikeTheApi(tree.getMethodSelect())) {
            return super.visitMethodInvocation(tree, unused);
        }
        Element element = trees.getElement(getCurrentPath());
        SiteKind kind = ApiElements.registration(element);
        if (kind != null) {
            Finding finding = contexts.isEmpty() ? null : ScopeCheck.check(kind.apiName() + "(...)", contexts.peek(), beforeSuper());
            if (finding != null) {
                report(finding, tree);
            } else if (!contexts.isEmpty()) {
                addSite(kind, tree, null);
            }
        } else if (ApiElements.isRecover(element) && !contexts.isEmpty()) {
            Context scope = contexts.peek();
            boolean parameters = scope.element instanceof ExecutableElement && !((ExecutableElement) scope.element).getParameters().isEmpty();
            Finding finding = RecoverCheck.check(scope, parameters);
            if (finding != null) {
                report(finding, tree);
            } else {
                scope.recovers = true;
            }
        }
        return super.visitMethodInvocation(tree, unused);
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
        if (!API_METHODS.contains(tree.getName().toString())) {
            return super.visitMemberReference(tree, unused);
        }
        Element element = trees.getElement(getCurrentPath());
        if (ApiElements.registration(element) != null || ApiElements.isRecover(element)) {
            String call = element.getSimpleName() + (ApiElements.isRecover(element) ? "()" : "(...)");
            report(new Finding(DiagnosticId.DEFER_REFERENCE, "Defers::" + element.getSimpleName() + " cannot be used as a method"
                    + " reference: jdefer rewrites calls, and a reference would run unrewritten; call " + call + " directly"), tree);
        }
        return super.visitMemberReference(tree, unused);
    }

    @Override
    public Void visitForLoop(ForLoopTree tree, Void unused) {
        return inLoop("for loop", tree, () -> super.visitForLoop(tree, unused));
    }

    @Override
    public Void visitEnhancedForLoop(EnhancedForLoopTree tree, Void unused) {
        return inLoop("for-each loop", tree, () -> super.visitEnhancedForLoop(tree, unused));
    }

    @Override
    public Void visitWhileLoop(WhileLoopTree tree, Void unused) {
        return inLoop("while loop", tree, () -> super.visitWhileLoop(tree, unused));
    }

    @Override
    public Void visitDoWhileLoop(DoWhileLoopTree tree, Void unused) {
        return inLoop("do-while loop", tree, () -> super.visitDoWhileLoop(tree, unused));
    }

    private Void inLoop(String kind, Tree tree, Runnable body) {
        Context scope = contexts.peek();
        if (scope == null) {
            body.run();
            return null;
        }
        scope.loops.push(kind + " at line " + lines.line(unit, tree));
        try {
            body.run();
        } finally {
            scope.loops.pop();
        }
        return null;
    }

    private void addSite(SiteKind kind, Tree tree, DeferLocal local) {
        Context scope = contexts.peek();
        int id = nextSiteId++;
        siteTrees.put(id, tree);
        scope.sites.add(new DeferSite(id, kind, lines.line(unit, tree), scope.loops.peek(), local));
    }

    private Context initializer() {
        Context cls = contexts.peek();
        return new Context(Context.Kind.INITIALIZER, "initializer", cls.strategy, cls.lines, cls.element, cls.owner);
    }

    /** Runs {@code body} inside {@code context}; a scope with sites becomes part of its class's plan. */
    private Void within(Context context, Runnable body) {
        contexts.push(context);
        try {
            body.run();
        } finally {
            contexts.pop();
        }
        if (context.isInvocationScope() && (!context.sites.isEmpty() || context.recovers) && context.owner != null) {
            ScopeKind kind = context.kind == Context.Kind.LAMBDA ? ScopeKind.LAMBDA
                    : context.kind == Context.Kind.CONSTRUCTOR ? ScopeKind.CONSTRUCTOR : ScopeKind.METHOD;
            context.owner.add(new ScopePlan(kind, context.name, context.lines, context.strategy, context.sites));
        }
        return null;
    }

    /** Remembers the statements before an explicit {@code super(...)}/{@code this(...)}; javac adds an implicit one first. */
    private void markPrologue(List<? extends StatementTree> statements) {
        constructorPrologue.clear();
        constructorCall = null;
        for (StatementTree statement : statements) {
            if (isConstructorCall(statement)) {
                constructorCall = statement;
                return;
            }
            constructorPrologue.add(statement);
        }
        constructorPrologue.clear();
    }

    private static boolean isConstructorCall(StatementTree statement) {
        if (!(statement instanceof ExpressionStatementTree)
                || !(((ExpressionStatementTree) statement).getExpression() instanceof MethodInvocationTree)) {
            return false;
        }
        Tree select = ((MethodInvocationTree) ((ExpressionStatementTree) statement).getExpression()).getMethodSelect();
        return select instanceof IdentifierTree
                && (((IdentifierTree) select).getName().contentEquals("super") || ((IdentifierTree) select).getName().contentEquals("this"));
    }

    /**
     * Whether the current position is in a constructor statement before {@code super(...)} or in the
     * arguments of that call, in the constructor's own scope.
     */
    private boolean beforeSuper() {
        if (constructorPrologue.isEmpty() && constructorCall == null || contexts.isEmpty()
                || contexts.peek().kind != Context.Kind.CONSTRUCTOR) {
            return false;
        }
        for (TreePath path = getCurrentPath(); path != null; path = path.getParentPath()) {
            if (constructorPrologue.contains(path.getLeaf()) || path.getLeaf() == constructorCall) {
                return true;
            }
        }
        return false;
    }

    private void report(Finding finding, Tree tree) {
        reporter.report(finding.id(), finding.text(), tree, unit);
    }
}
