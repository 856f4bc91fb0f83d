package io.jdefer.rewrite;

import io.jdefer.plan.ActionPlan;
import io.jdefer.plan.ClassPlan;
import io.jdefer.plan.FramePlan;
import io.jdefer.plan.Lowering;
import io.jdefer.plan.MethodPlan;
import io.jdefer.plan.MethodRef;
import io.jdefer.plan.SitePlan;
import io.jdefer.plan.SourcePlan;
import io.jdefer.plan.StrategyChoice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The planner (SPEC section 5): a pure function from a class file (and the class-wide scope its
 * source gives) to the {@link ClassPlan} the emitters lower. Every fact comes from the class file:
 * {@code @Deferred} from its CLASS-retention annotations ({@link StrategyResolver}), sites from the
 * calls to {@code Defers} ({@link SiteLocator}) and the {@code @Defer} type annotations
 * ({@link DeferLocalFinder}), lambda bodies from their {@code invokedynamic} handles
 * ({@link LambdaBodies}), the strategy from the control-flow graph ({@link StrategyGate}), the
 * {@code recover()} hand-off from this class alone ({@link RecoverRoles}). What is not exact is a
 * {@link Problem}, never a guess. No javac, no I/O, no static state.
 */
public final class ClassPlanner {
    private final ClassShapes shapes;

    public ClassPlanner(ClassShapes shapes) {
        this.shapes = shapes;
    }

    /** The plan, and the problems that stop the class from being rewritten. */
    public record Planned(ClassPlan plan, List<Problem> problems) {}

    public Planned plan(ClassNode owner, SourcePlan source) {
        List<Problem> problems = new ArrayList<>();
        LambdaBodies lambdas = new LambdaBodies(owner);
        StrategyResolver resolver = new StrategyResolver(source.classStrategy(), lambdas);
        Map<MethodNode, List<ActionSite>> scopes = findSites(owner, resolver, lambdas, problems);
        List<MethodNode> claiming = claimingMethods(owner, resolver);

        Map<MethodNode, StrategyGate.Decision> decisions = new LinkedHashMap<>();
        for (Map.Entry<MethodNode, List<ActionSite>> scope : scopes.entrySet()) {
            MethodNode method = scope.getKey();
            StrategyChoice requested = requested(resolver, method);
            StrategyGate.Decision decision = StrategyGate.decide(requested, method, scope.getValue());
            if (requested == StrategyChoice.INLINE && !decision.dynamicSites().isEmpty()) {
                // Gate: @Deferred(INLINE) gives each site one bit, and this one can run more than once.
                for (ActionSite site : decision.dynamicSites()) {
                    problems.add(new Problem(Problem.Kind.INLINE_DYNAMIC_SITE, method.name + method.desc, site.line,
                            site.kind.apiName() + " can run more than once per invocation"));
                }
                continue;
            }
            decisions.put(method, decision);
        }
        RecoverRoles roles = RecoverRoles.decide(owner, lambdas, decisions.values(), claiming);

        List<MethodPlan> methods = new ArrayList<>();
        for (MethodNode method : owner.methods) {
            StrategyGate.Decision decision = decisions.get(method);
            MethodPlan.Role role = roles.passingPending().contains(method) ? MethodPlan.Role.TAKES_PENDING
                    : roles.claiming().contains(method) ? MethodPlan.Role.CLAIMS : MethodPlan.Role.NONE;
            if (decision == null && role == MethodPlan.Role.NONE) {
                continue;
            }
            List<SitePlan> sites = new ArrayList<>();
            if (decision != null) {
                for (ActionSite site : decision.orderedSites()) {
                    sites.add(sitePlan(sites.size(), method, site, decision.dynamicSites().contains(site)));
                }
            }
            Lowering lowering = decision == null ? Lowering.NONE
                    : decision.strategy() == Strategy.OPEN_CODED ? Lowering.OPEN_CODED : Lowering.FRAME;
            FramePlan frame = lowering == Lowering.FRAME ? FramePlanner.plan(method, decision.orderedSites()) : null;
            String growthFlag = frame != null && borrowsEarly(owner, method, frame) ? growthFlagName(owner, method) : "";
            methods.add(new MethodPlan(method.name, method.desc, requested(resolver, method), lowering,
                    decision == null ? "" : decision.reason(), sites, role, growthFlag, frame));
        }
        List<Problem> placed = new ArrayList<>();
        for (Problem problem : problems) {
            placed.add(placed(owner, lambdas, problem));
        }
        boolean runtimeByInitializer = !methods.isEmpty() && RuntimeLoad.byInitializer(owner, shapes);
        return new Planned(new ClassPlan(owner.name, source.classStrategy(), methods, runtimeByInitializer), placed);
    }

    /** A problem in a lambda body, placed in the method whose code creates it (through its factories, never its name). */
    private static Problem placed(ClassNode owner, LambdaBodies lambdas, Problem problem) {
        MethodNode at = null;
        for (MethodNode method : owner.methods) {
            if ((method.name + method.desc).equals(problem.method())) {
                at = method;
            }
        }
        boolean inLambda = false;
        Set<MethodNode> seen = new HashSet<>();
        while (at != null && lambdas.isBody(at) && seen.add(at) && !lambdas.creators(at).isEmpty()) {
            at = lambdas.creators(at).get(0);
            inLambda = true;
        }
        return at == null || !inLambda ? problem : problem.in(at.name + at.desc, true);
    }

    /**
     * D24: whether a frame method's prologue borrows once a call has borrowed: when it borrows at all
     * ({@link FramePlan#borrows}), but not in an interface, whose fields are public static final,
     * nor in a constructor, whose prologue runs before {@code super(...)}, outside the handler that
     * gives the frame back.
     */
    private static boolean borrowsEarly(ClassNode owner, MethodNode method, FramePlan frame) {
        return (owner.access & Opcodes.ACC_INTERFACE) == 0 && !method.name.equals("<init>") && frame.borrows();
    }

    /** {@code jdefer$grew<i>}, {@code i} the method's index in the class file: stable for the same input (SPEC section 6). */
    private static String growthFlagName(ClassNode owner, MethodNode method) {
        String name = "jdefer$grew" + owner.methods.indexOf(method);
        while (hasField(owner, name)) {
            name += "$";
        }
        return name;
    }

    private static boolean hasField(ClassNode owner, String name) {
        return owner.fields.stream().anyMatch(field -> field.name.equals(name));
    }

    private static StrategyChoice requested(StrategyResolver resolver, MethodNode method) {
        StrategyChoice requested = resolver.requested(method);
        return requested == null ? StrategyChoice.AUTO : requested;
    }

    private static SitePlan sitePlan(int id, MethodNode method, ActionSite site, boolean dynamic) {
        ActionShape shape = site.shape;
        ActionPlan action;
        SitePlan.Recover recover = SitePlan.Recover.NONE;
        if (shape instanceof ActionShape.Direct) {
            ActionShape.Direct direct = (ActionShape.Direct) shape;
            Handle impl = direct.impl;
            boolean lambda = direct.lambdaBody;
            action = new ActionPlan(lambda ? ActionPlan.Kind.LAMBDA_BODY : ActionPlan.Kind.METHOD_REFERENCE, impl.getTag(),
                    new MethodRef(impl.getOwner(), impl.getName(), impl.getDesc(), impl.isInterface()), false);
            if (direct.passesPending) {
                recover = SitePlan.Recover.PASSES_PENDING;
            }
        } else if (shape instanceof ActionShape.ActionObject) {
            action = new ActionPlan(ActionPlan.Kind.ACTION_OBJECT, 0, new MethodRef(JvmNames.ACTION, "run", "()V", true), false);
        } else {
            ActionShape.LocalMethod local = (ActionShape.LocalMethod) shape;
            action = new ActionPlan(ActionPlan.Kind.DEFER_LOCAL, 0, local.method, local.cast);
        }
        if (shape.recoverToken != null) {
            recover = SitePlan.Recover.OFFERS;
        }
        List<String> captures = new ArrayList<>();
        for (Type type : shape.captures()) {
            captures.add(type.getDescriptor());
        }
        int factory = site.factory == null ? -1 : method.instructions.indexOf(site.factory);
        return new SitePlan(id, site.kind, method.instructions.indexOf(site.anchor), factory, site.line, action, captures, dynamic, recover);
    }

    /**
     * Registrations per method in {@code @Deferred} scope, in instruction order: the API calls and
     * the {@code @Defer} locals. A call outside any scope is left alone (SPEC C5): the source check
     * reports it under javac, and unrewritten it fails loudly at run time (S11). So is a lambda body
     * that no code creates: javac wrote it for a lambda it dropped with dead code, and it never runs (D29).
     */
    private Map<MethodNode, List<ActionSite>> findSites(ClassNode owner, StrategyResolver resolver, LambdaBodies lambdas,
                                                        List<Problem> problems) {
        Map<MethodNode, List<ActionSite>> ordered = new LinkedHashMap<>();
        DeferLocalFinder locals = new DeferLocalFinder(owner, shapes, lambdas);
        for (MethodNode method : owner.methods) {
            if (!resolver.inScope(method) || lambdas.unreachable(method)) {
                continue;
            }
            List<ActionSite> sites = new ArrayList<>();
            for (ActionSite site : SiteLocator.registrations(method)) {
                sites.add(classify(site, lambdas));
            }
            sites.addAll(locals.find(method, problems));
            if (!sites.isEmpty()) {
                sites.sort(Comparator.comparingInt(site -> method.instructions.indexOf(site.anchor)));
                ordered.put(method, sites);
            }
        }
        return ordered;
    }

    /**
     * Marks a direct site's action as a lambda body of this class, or else a method reference; a
     * lambda body that only makes a super call stands for that call ({@link SuperReferences}).
     */
    private static ActionSite classify(ActionSite site, LambdaBodies lambdas) {
        if (site.shape instanceof ActionShape.Direct) {
            ActionShape.Direct direct = (ActionShape.Direct) site.shape;
            MethodNode body = lambdas.body(direct.impl);
            Handle target = body == null ? null : SuperReferences.forwardedTo(body);
            if (target != null && direct.captures().size() == 1) {
                direct.impl = target;
            } else {
                direct.lambdaBody = body != null;
            }
        }
        return site;
    }

    /**
     * The methods that may be an action's method-reference target and call {@code recover()}: in
     * {@code @Deferred} scope, without parameters (an {@code Action}'s target takes none), not
     * synthetic, not a constructor or initializer.
     */
    private static List<MethodNode> claimingMethods(ClassNode owner, StrategyResolver resolver) {
        List<MethodNode> claiming = new ArrayList<>();
        for (MethodNode method : owner.methods) {
            if (method.name.startsWith("<") || (method.access & Opcodes.ACC_SYNTHETIC) != 0 || !method.desc.startsWith("()")
                    || !SiteLocator.callsRecover(method)) {
                continue;
            }
            if (resolver.inScope(method)) {
                claiming.add(method);
            }
        }
        return claiming;
    }
}
