package io.jdefer.rewrite;

import io.jdefer.plan.ClassPlan;
import io.jdefer.plan.ScopePlan;
import io.jdefer.plan.SiteKind;
import io.jdefer.plan.StrategyChoice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The rewriter core, a pure function {@code (class bytes, plan) -> class bytes} (SPEC section 5).
 *
 * <ol>
 *   <li>find each method's registrations: the API calls, self-describing in bytecode, and the
 *       {@code @Defer} locals of the plan;
 *   <li>choose each method's lowering ({@link StrategyGate});
 *   <li>lower it ({@link OpenCodedLowering}, {@link FrameLowering});
 *   <li>give lambda actions that call {@code recover()} the pending throwable ({@link RecoveringAction});
 *   <li>write the class, with frames computed from the {@link TypeHierarchy}.
 * </ol>
 * Methods without registrations keep their code; a class without any is returned unchanged (SPEC C5).
 */
public final class ClassRewriter {
    private final TypeHierarchy hierarchy;

    public ClassRewriter(TypeHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    /** Rewrites the scopes of {@code plan} in {@code classFile}; {@code analyzeOnly} checks without changing bytes. */
    public RewriteResult rewrite(byte[] classFile, ClassPlan plan, boolean analyzeOnly) {
        ClassNode owner = new ClassNode();
        new ClassReader(classFile).accept(owner, ClassReader.SKIP_FRAMES);
        List<Problem> problems = new ArrayList<>();
        Map<MethodNode, List<ActionSite>> scopes = findSites(owner, plan, problems);
        StrategyResolver resolver = new StrategyResolver(owner, plan);
        List<MethodNode> claiming = claimingMethods(owner, resolver);
        if (scopes.isEmpty() && claiming.isEmpty()) {
            return new RewriteResult(null, List.of(), problems);
        }

        Map<MethodNode, StrategyGate.Decision> decisions = new LinkedHashMap<>();
        for (Map.Entry<MethodNode, List<ActionSite>> scope : scopes.entrySet()) {
            MethodNode method = scope.getKey();
            StrategyChoice requested = resolver.requested(method);
            StrategyGate.Decision decision = StrategyGate.decide(requested == null ? StrategyChoice.AUTO : requested, method, scope.getValue());
            if (requested == StrategyChoice.INLINE && !decision.dynamicSites().isEmpty()) {
                for (ActionSite site : decision.dynamicSites()) {
                    problems.add(new Problem(Problem.Kind.INLINE_DYNAMIC_SITE, method.name + method.desc, site.planSiteId, site.line,
                            site.kind.apiName() + " can run more than once per invocation"));
                }
                continue;
            }
            decisions.put(method, decision);
        }
        if (analyzeOnly || (decisions.isEmpty() && claiming.isEmpty())) {
            return new RewriteResult(null, List.of(), problems);
        }

        Set<MethodNode> recovering = recoveringActions(owner, decisions);
        assignRecoverTokens(owner, decisions, plan);
        Map<String, Integer> sizesBefore = CodeSizes.of(classFile);
        List<String> keysBefore = new ArrayList<>();
        for (Map.Entry<MethodNode, StrategyGate.Decision> entry : decisions.entrySet()) {
            MethodNode method = entry.getKey();
            StrategyGate.Decision decision = entry.getValue();
            String key = method.name + method.desc;
            try {
                AbstractInsnNode bodyStart = method.name.equals("<init>") ? ConstructorBody.superCall(owner.name, method) : null;
                MethodLowering lowering = decision.strategy() == Strategy.OPEN_CODED
                        ? new OpenCodedLowering(method, decision.orderedSites(), bodyStart)
                        : new FrameLowering(method, decision.orderedSites(), bodyStart);
                lowering.lower();
                LoweringMarks marks = LoweringMarks.of(method);
                marks.strategy(decision.strategy());
                for (ActionSite site : decision.orderedSites()) {
                    marks.site(site, decision.dynamicSites().contains(site));
                }
                keysBefore.add(key);
            } catch (RuntimeException e) {
                problems.add(new Problem(Problem.Kind.INTERNAL, key, -1, -1, e.toString()));
                return new RewriteResult(null, List.of(), problems);
            }
        }
        for (MethodNode action : recovering) {
            RecoveringAction.apply(action);
        }
        for (MethodNode target : claiming) {
            ClaimingMethod.apply(owner.name, target);
        }
        // JVM limits the additions can pass (issue 14 item 3): checked before writing, as ASM writes
        // max_locals and max_stack without one.
        List<MethodNode> rewritten = new ArrayList<>(decisions.keySet());
        rewritten.addAll(recovering);
        rewritten.addAll(claiming);
        int problemsBefore = problems.size();
        JvmLimits.check(owner.name, rewritten, problems);
        if (problems.size() > problemsBefore) {
            return new RewriteResult(null, List.of(), problems);
        }

        byte[] bytes;
        try {
            HierarchyClassWriter writer = new HierarchyClassWriter(hierarchy);
            owner.accept(writer.namingFailures());
            bytes = writer.toByteArray();
        } catch (MethodTooLargeException e) {
            problems.add(new Problem(Problem.Kind.METHOD_TOO_LARGE, e.getMethodName() + e.getDescriptor(), -1, -1,
                    "code size " + e.getCodeSize() + " bytes"));
            return new RewriteResult(null, List.of(), problems);
        } catch (ClassTooLargeException e) {
            problems.add(JvmLimits.constantPoolFull(e, rewritten));
            return new RewriteResult(null, List.of(), problems);
        } catch (HierarchyClassWriter.FrameComputationException e) {
            problems.add(new Problem(Problem.Kind.INTERNAL, e.method, -1, -1, "its stack map frames could not be computed ("
                    + e.getCause() + ")"));
            return new RewriteResult(null, List.of(), problems);
        } catch (RuntimeException e) {
            problems.add(new Problem(Problem.Kind.INTERNAL, owner.name, -1, -1, e.toString()));
            return new RewriteResult(null, List.of(), problems);
        }

        Map<String, Integer> sizesAfter = CodeSizes.of(bytes);
        List<MethodReport> reports = new ArrayList<>();
        int index = 0;
        for (Map.Entry<MethodNode, StrategyGate.Decision> entry : decisions.entrySet()) {
            MethodNode method = entry.getKey();
            String keyBefore = keysBefore.get(index++);
            StrategyGate.Decision decision = entry.getValue();
            reports.add(new MethodReport(owner.name, method.name, keyBefore.substring(method.name.length()), decision.strategy(),
                    decision.reason(), decision.orderedSites().size(), decision.dynamicSites().size(),
                    sizesBefore.getOrDefault(keyBefore, 0), sizesAfter.getOrDefault(method.name + method.desc, 0)));
        }
        return new RewriteResult(bytes, reports, problems);
    }

    /** Registrations per method, in instruction order: the API calls and the plan's {@code @Defer} locals. */
    private static Map<MethodNode, List<ActionSite>> findSites(ClassNode owner, ClassPlan plan, List<Problem> problems) {
        Map<MethodNode, List<ActionSite>> scopes = new LinkedHashMap<>();
        for (MethodNode method : owner.methods) {
            List<ActionSite> sites = SiteLocator.registrations(method);
            if (!sites.isEmpty()) {
                scopes.put(method, sites);
            }
        }
        DeferLocalLocator locator = new DeferLocalLocator(owner);
        for (ScopePlan scope : plan.scopes()) {
            for (DeferLocalLocator.Located located : locator.locate(scope)) {
                if (located.elided()) {
                    continue;
                }
                if (located.stores().isEmpty()) {
                    problems.add(new Problem(Problem.Kind.DEFER_LOCAL_NOT_FOUND,
                            located.method() == null ? scope.name() : located.method().name + located.method().desc,
                            located.site().id(), located.site().line(), located.site().local().variable()));
                    continue;
                }
                for (VarInsnNode store : located.stores()) {
                    ActionShape shape = new ActionShape.LocalMethod(located.site().local().method(), located.site().local().type());
                    scopes.computeIfAbsent(located.method(), m -> new ArrayList<>())
                            .add(new ActionSite(SiteKind.DEFER_LOCAL, store, null, shape, located.site().id()));
                }
            }
        }
        for (Map.Entry<MethodNode, List<ActionSite>> scope : scopes.entrySet()) {
            MethodNode method = scope.getKey();
            scope.getValue().sort(Comparator.comparingInt(site -> method.instructions.indexOf(site.anchor)));
        }
        return scopes;
    }

    /**
     * The lambda bodies of this class that are actions of lowered sites and call {@code recover()},
     * provided no other lambda factory still refers to them; their sites are marked to pass P.
     */
    private static Set<MethodNode> recoveringActions(ClassNode owner, Map<MethodNode, StrategyGate.Decision> decisions) {
        Map<MethodNode, List<ActionShape.Direct>> candidates = new LinkedHashMap<>();
        Set<InvokeDynamicInsnNode> consumed = new HashSet<>();
        for (StrategyGate.Decision decision : decisions.values()) {
            for (ActionSite site : decision.orderedSites()) {
                if (!(site.shape instanceof ActionShape.Direct)) {
                    continue;
                }
                consumed.add(site.factory);
                Handle impl = ((ActionShape.Direct) site.shape).impl;
                MethodNode body = lambdaBody(owner, impl);
                if (body != null && SiteLocator.callsRecover(body)) {
                    candidates.computeIfAbsent(body, b -> new ArrayList<>()).add((ActionShape.Direct) site.shape);
                }
            }
        }
        Set<MethodNode> recovering = new HashSet<>();
        StrategyResolver references = new StrategyResolver(owner, null);
        for (Map.Entry<MethodNode, List<ActionShape.Direct>> candidate : candidates.entrySet()) {
            MethodNode body = candidate.getKey();
            boolean onlyConsumed = true;
            for (MethodNode method : owner.methods) {
                for (AbstractInsnNode insn : method.instructions) {
                    if (insn instanceof InvokeDynamicInsnNode && !consumed.contains(insn)
                            && references.refersTo((InvokeDynamicInsnNode) insn, body)) {
                        onlyConsumed = false;
                    }
                }
            }
            if (onlyConsumed) {
                recovering.add(body);
                for (ActionShape.Direct shape : candidate.getValue()) {
                    shape.passesPending = true;
                    shape.impl = new Handle(shape.impl.getTag(), shape.impl.getOwner(), shape.impl.getName(),
                            RecoveringAction.rewrittenDescriptor(shape.impl.getDesc()), shape.impl.isInterface());
                }
            }
        }
        return recovering;
    }

    /**
     * The methods that may be an action's method-reference target and call {@code recover()}: in
     * {@code @Deferred} scope, not a lambda body, not a constructor or initializer.
     */
    private static List<MethodNode> claimingMethods(ClassNode owner, StrategyResolver resolver) {
        List<MethodNode> claiming = new ArrayList<>();
        for (MethodNode method : owner.methods) {
            if (method.name.startsWith("<") || (method.access & Opcodes.ACC_SYNTHETIC) != 0 || !SiteLocator.callsRecover(method)) {
                continue;
            }
            if (resolver.inScope(method)) {
                claiming.add(method);
            }
        }
        return claiming;
    }

    /**
     * Gives each action whose method calls {@code recover()} (by the plan's compilation-wide list)
     * its hand-off token: an {@code Action} object's {@code run()}, a method reference's target, a
     * {@code @Defer} local's method. Lambda bodies get P as a parameter instead.
     */
    private static void assignRecoverTokens(ClassNode owner, Map<MethodNode, StrategyGate.Decision> decisions, ClassPlan plan) {
        for (StrategyGate.Decision decision : decisions.values()) {
            for (ActionSite site : decision.orderedSites()) {
                ActionShape shape = site.shape;
                String token;
                if (shape instanceof ActionShape.ActionObject) {
                    token = ClaimingMethod.token("run", "()V");
                } else if (shape instanceof ActionShape.LocalMethod) {
                    io.jdefer.plan.MethodRef method = ((ActionShape.LocalMethod) shape).method;
                    token = ClaimingMethod.token(method.name(), method.descriptor());
                } else {
                    ActionShape.Direct direct = (ActionShape.Direct) shape;
                    boolean lambda = direct.passesPending || lambdaBody(owner, direct.impl) != null;
                    token = lambda || direct.impl.getTag() == Opcodes.H_NEWINVOKESPECIAL ? null
                            : ClaimingMethod.token(direct.impl.getName(), direct.impl.getDesc());
                }
                shape.recoverToken = token != null && plan.recoverTargets().contains(token) ? token : null;
            }
        }
    }

    private static MethodNode lambdaBody(ClassNode owner, Handle impl) {
        if (!impl.getOwner().equals(owner.name)) {
            return null;
        }
        for (MethodNode method : owner.methods) {
            if (DeferLocalLocator.isLambdaBody(method) && method.name.equals(impl.getName()) && method.desc.equals(impl.getDesc())) {
                return method;
            }
        }
        return null;
    }
}
