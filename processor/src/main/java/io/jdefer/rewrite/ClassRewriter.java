package io.jdefer.rewrite;

import io.jdefer.plan.ClassPlan;
import io.jdefer.plan.StrategyChoice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The rewriter core, a pure function {@code (class bytes, class-wide scope) -> class bytes} (SPEC
 * section 5): every fact it acts on comes from the class file.
 *
 * <ol>
 *   <li>find each method's registrations: the API calls, self-describing in bytecode
 *       ({@link SiteLocator}), and the {@code @Defer} locals from their type annotations
 *       ({@link DeferLocalFinder}); lambda bodies by their {@code invokedynamic} handles
 *       ({@link LambdaBodies}); only methods in {@code @Deferred} scope ({@link StrategyResolver});
 *   <li>choose each method's lowering ({@link StrategyGate});
 *   <li>decide the {@code recover()} hand-offs from this class alone ({@link RecoverRoles});
 *   <li>lower it ({@link OpenCodedLowering}, {@link FrameLowering}), then the recovering lambda
 *       bodies ({@link RecoveringAction}) and the methods that claim an offer ({@link ClaimingMethod});
 *   <li>write the class, with frames computed from {@link ClassShapes}.
 * </ol>
 * Methods without registrations keep their code; a class without any is returned unchanged (SPEC C5).
 */
public final class ClassRewriter {
    private final ClassShapes shapes;

    public ClassRewriter(ClassShapes shapes) {
        this.shapes = shapes;
    }

    /**
     * Rewrites the {@code @Deferred} scopes of {@code classFile}; {@code plan} gives only the
     * class-wide strategy (an enclosing class or method's {@code @Deferred}); {@code analyzeOnly}
     * checks without changing bytes.
     */
    public RewriteResult rewrite(byte[] classFile, ClassPlan plan, boolean analyzeOnly) {
        ClassNode owner = new ClassNode();
        new ClassReader(classFile).accept(owner, ClassReader.SKIP_FRAMES);
        List<Problem> problems = new ArrayList<>();
        LambdaBodies lambdas = new LambdaBodies(owner);
        StrategyResolver resolver = new StrategyResolver(plan.classStrategy(), lambdas);
        Map<MethodNode, List<ActionSite>> scopes = findSites(owner, resolver, lambdas, problems);
        if (!problems.isEmpty()) {
            return new RewriteResult(null, List.of(), problems);
        }
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

        RecoverRoles roles = RecoverRoles.decide(lambdas, decisions.values(), claiming);
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
        for (MethodNode action : roles.passingPending()) {
            RecoveringAction.apply(action);
        }
        for (MethodNode target : roles.claiming()) {
            ClaimingMethod.apply(owner.name, target);
        }

        byte[] bytes;
        try {
            HierarchyClassWriter writer = new HierarchyClassWriter(shapes);
            owner.accept(writer.namingFailures());
            bytes = writer.toByteArray();
        } catch (MethodTooLargeException e) {
            problems.add(new Problem(Problem.Kind.METHOD_TOO_LARGE, e.getMethodName() + e.getDescriptor(), -1, -1,
                    "code size " + e.getCodeSize() + " bytes"));
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

    /**
     * Registrations per method in {@code @Deferred} scope, in instruction order: the API calls and
     * the {@code @Defer} locals. A call outside any scope is left alone (SPEC C5): the source check
     * reports it under javac, and unrewritten it fails loudly at run time (S11).
     */
    private Map<MethodNode, List<ActionSite>> findSites(ClassNode owner, StrategyResolver resolver, LambdaBodies lambdas,
                                                        List<Problem> problems) {
        Map<MethodNode, List<ActionSite>> scopes = new LinkedHashMap<>();
        DeferLocalFinder locals = new DeferLocalFinder(owner, shapes);
        for (MethodNode method : owner.methods) {
            if (!resolver.inScope(method)) {
                continue;
            }
            List<ActionSite> sites = new ArrayList<>();
            for (ActionSite site : SiteLocator.registrations(method)) {
                sites.add(throughSuperReference(site, lambdas));
            }
            sites.addAll(locals.find(method, problems));
            if (!sites.isEmpty()) {
                sites.sort(Comparator.comparingInt(site -> method.instructions.indexOf(site.anchor)));
                scopes.put(method, sites);
            }
        }
        return scopes;
    }

    /** A lambda body that only makes a super call stands for that call ({@link SuperReferences}). */
    private static ActionSite throughSuperReference(ActionSite site, LambdaBodies lambdas) {
        if (site.shape instanceof ActionShape.Direct) {
            ActionShape.Direct direct = (ActionShape.Direct) site.shape;
            MethodNode body = lambdas.body(direct.impl);
            Handle target = body == null ? null : SuperReferences.forwardedTo(body);
            if (target != null && direct.captures().size() == 1) {
                direct.impl = target;
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
