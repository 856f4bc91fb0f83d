package io.jdefer.rewrite;

import io.jdefer.plan.ClassPlan;
import io.jdefer.plan.Lowering;
import io.jdefer.plan.MethodPlan;
import io.jdefer.plan.SitePlan;
import io.jdefer.plan.SourcePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The rewriter, a pure function {@code (class bytes, source facts) -> class bytes} (SPEC section
 * 5): the {@link ClassPlanner} decides from the class file what to do; this class lowers each
 * planned method reading only its {@link MethodPlan} ({@link OpenCodedLowering},
 * {@link FrameLowering}), then the {@code recover()} roles ({@link RecoveringAction},
 * {@link ClaimingMethod}), and writes the class with frames computed from {@link ClassShapes}.
 * Methods the plan does not name keep their code; the members it adds are a frame method's
 * growth flag (D24), and an open-coded method's exceptional exit, out of line (D37,
 * {@code UnwindMethods}); a class with an empty plan is returned unchanged (SPEC C5).
 */
public final class ClassRewriter {
    private final ClassShapes shapes;

    public ClassRewriter(ClassShapes shapes) {
        this.shapes = shapes;
    }

    /**
     * Rewrites the {@code @Deferred} scopes of {@code classFile}; {@code source} gives only the
     * class-wide strategy; {@code analyzeOnly} checks without changing bytes.
     */
    public RewriteResult rewrite(byte[] classFile, SourcePlan source, boolean analyzeOnly) {
        ClassNode owner = new ClassNode();
        new ClassReader(classFile).accept(owner, ClassReader.SKIP_FRAMES);
        ClassPlanner.Planned planned = new ClassPlanner(shapes).plan(owner, source);
        ClassPlan plan = planned.plan();
        List<Problem> problems = new ArrayList<>(planned.problems());
        if (!problems.isEmpty() || analyzeOnly || plan.isEmpty()) {
            return new RewriteResult(null, List.of(), problems, plan);
        }

        Map<String, Integer> sizesBefore = CodeSizes.of(classFile);
        FinalFields finalFields = new FinalFields(owner);
        // by position, not by the plan's value: a record's hash walks its sites (2 % of a rewrite on a @Deferred-heavy corpus)
        List<Map.Entry<MethodPlan, MethodNode>> nodes = new ArrayList<>();
        for (MethodPlan method : plan.methods()) {
            nodes.add(Map.entry(method, find(owner, method)));
        }
        UnwindMethods unwinds = new UnwindMethods(owner);
        for (Map.Entry<MethodPlan, MethodNode> entry : nodes) {
            MethodPlan method = entry.getKey();
            if (method.lowering() == Lowering.NONE) {
                continue;
            }
            try {
                lower(owner, finalFields, entry.getValue(), method, plan.runtimeByInitializer(), unwinds);
            } catch (RuntimeException e) {
                problems.add(new Problem(Problem.Kind.INTERNAL, method.name() + method.descriptor(), -1, e.toString()));
                return new RewriteResult(null, List.of(), problems, plan);
            }
        }
        for (Map.Entry<MethodPlan, MethodNode> entry : nodes) {
            if (entry.getKey().role() == MethodPlan.Role.TAKES_PENDING) {
                RecoveringAction.apply(entry.getValue());
            } else if (entry.getKey().role() == MethodPlan.Role.CLAIMS) {
                ClaimingMethod.apply(owner.name, entry.getValue());
            }
        }
        List<MethodNode> rewritten = new ArrayList<>();
        for (Map.Entry<MethodPlan, MethodNode> entry : nodes) {
            rewritten.add(entry.getValue());
        }
        owner.methods.addAll(unwinds.added());
        rewritten.addAll(unwinds.added());
        if (plan.runtimeByInitializer()) {
            rewritten.add(RuntimeLoad.emitInInitializer(owner, runtimeClasses(plan)));
        }
        // JVM limits the additions can pass (issue 14 item 3): checked before writing, as ASM writes
        // max_locals and max_stack without one.
        int problemsBefore = problems.size();
        JvmLimits.check(owner.name, rewritten, problems);
        if (problems.size() > problemsBefore) {
            return new RewriteResult(null, List.of(), problems, plan);
        }

        byte[] bytes;
        try {
            HierarchyClassWriter writer = new HierarchyClassWriter(shapes);
            owner.accept(writer.namingFailures());
            bytes = writer.toByteArray();
        } catch (MethodTooLargeException e) {
            problems.add(new Problem(Problem.Kind.METHOD_TOO_LARGE, e.getMethodName() + e.getDescriptor(), -1,
                    "code size " + e.getCodeSize() + " bytes"));
            return new RewriteResult(null, List.of(), problems, plan);
        } catch (ClassTooLargeException e) {
            problems.add(JvmLimits.constantPoolFull(e, rewritten));
            return new RewriteResult(null, List.of(), problems, plan);
        } catch (HierarchyClassWriter.FrameComputationException e) {
            problems.add(new Problem(Problem.Kind.INTERNAL, e.method, -1, "its stack map frames could not be computed ("
                    + e.getCause() + ")"));
            return new RewriteResult(null, List.of(), problems, plan);
        } catch (RuntimeException e) {
            problems.add(new Problem(Problem.Kind.INTERNAL, owner.name, -1, e.toString()));
            return new RewriteResult(null, List.of(), problems, plan);
        }

        Map<String, Integer> sizesAfter = CodeSizes.of(bytes);
        List<MethodReport> reports = new ArrayList<>();
        for (Map.Entry<MethodPlan, MethodNode> entry : nodes) {
            MethodPlan method = entry.getKey();
            if (method.lowering() == Lowering.NONE) {
                continue;
            }
            String keyBefore = method.name() + method.descriptor();
            MethodNode node = entry.getValue();
            Strategy strategy = method.lowering() == Lowering.OPEN_CODED ? Strategy.OPEN_CODED : Strategy.FRAME;
            int dynamic = (int) method.sites().stream().filter(SitePlan::dynamic).count();
            reports.add(new MethodReport(owner.name, method.name(), method.descriptor(), strategy, method.gate(), method.sites().size(),
                    dynamic, sizesBefore.getOrDefault(keyBefore, 0), sizesAfter.getOrDefault(node.name + node.desc, 0), method.frame(),
                    method.growthFlag()));
        }
        return new RewriteResult(bytes, reports, problems, plan);
    }

    /** The runtime classes the class's handlers may call: {@code Deferrals}, and {@code Recovery} with a {@code recover()} hand-off (D25). */
    private static List<String> runtimeClasses(ClassPlan plan) {
        boolean recovery = plan.methods().stream().anyMatch(m -> m.role() != MethodPlan.Role.NONE
                || m.sites().stream().anyMatch(site -> site.recover() != SitePlan.Recover.NONE));
        return recovery ? List.of(JvmNames.DEFERRALS, JvmNames.RECOVERY) : List.of(JvmNames.DEFERRALS);
    }

    /**
     * Lowers one method as its plan says; the plan's instruction indexes refer to the code as javac wrote it.
     * {@code runtimeLoaded}: the class's initializer reads the runtime (D25), so the method need not.
     * {@code unwinds}: the class's out-of-line exceptional exits, which the lowering may add to (D37).
     */
    private static void lower(ClassNode owner, FinalFields finalFields, MethodNode method, MethodPlan plan, boolean runtimeLoaded,
                              UnwindMethods unwinds) {
        AbstractInsnNode[] code = method.instructions.toArray();
        List<ActionSite> sites = new ArrayList<>();
        List<ActionSite> dynamic = new ArrayList<>();
        for (SitePlan site : plan.sites()) {
            InvokeDynamicInsnNode factory = site.factory() < 0 ? null : (InvokeDynamicInsnNode) code[site.factory()];
            ActionSite actionSite = new ActionSite(site.kind(), code[site.anchor()], factory, ActionShape.of(site));
            sites.add(actionSite);
            if (site.dynamic()) {
                dynamic.add(actionSite);
            }
        }
        Strategy strategy = plan.lowering() == Lowering.OPEN_CODED ? Strategy.OPEN_CODED : Strategy.FRAME;
        AbstractInsnNode bodyStart = method.name.equals("<init>") ? ConstructorBody.superCall(owner.name, method) : null;
        FrameCode.GrowthFlag flag = plan.growthFlag().isEmpty() ? null : new FrameCode.GrowthFlag(owner.name, plan.growthFlag());
        MethodLowering lowering = strategy == Strategy.OPEN_CODED
                ? new OpenCodedLowering(method, sites, bodyStart, finalFields, unwinds)
                : new FrameLowering(method, sites, plan.frame(), bodyStart, flag);
        if (runtimeLoaded) {
            lowering.runtimeReadByInitializer();
        }
        lowering.lower();
        if (flag != null) {
            // private static: outside the default serialVersionUID, which hashes only the other static fields
            owner.fields.add(new FieldNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, flag.name(),
                    FrameCode.GrowthFlag.DESCRIPTOR, null, null));
        }
        LoweringMarks marks = LoweringMarks.of(method);
        marks.strategy(strategy);
        marks.growthFlag(plan.growthFlag());
        marks.frame(plan.frame());
        for (ActionSite site : sites) {
            marks.site(site, dynamic.contains(site));
        }
    }

    private static MethodNode find(ClassNode owner, MethodPlan plan) {
        for (MethodNode method : owner.methods) {
            if (method.name.equals(plan.name()) && method.desc.equals(plan.descriptor())) {
                return method;
            }
        }
        throw new IllegalStateException("have a plan for " + plan.name() + plan.descriptor() + ", want that method in " + owner.name);
    }
}
