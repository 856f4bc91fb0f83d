package io.jdefer.rewrite;

import io.jdefer.plan.ClassPlan;
import io.jdefer.plan.StrategyChoice;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The strategy a method asks for: its own {@code @Deferred} (kept in the class file, retention
 * CLASS); for a lambda body, that of the method whose code creates the lambda; otherwise the
 * class-wide strategy of the plan. {@code null} means the method is in no {@code @Deferred} scope.
 */
final class StrategyResolver {
    private final ClassNode owner;
    private final ClassPlan plan;

    StrategyResolver(ClassNode owner, ClassPlan plan) {
        this.owner = owner;
        this.plan = plan;
    }

    StrategyChoice requested(MethodNode method) {
        return requested(method, new HashSet<>());
    }

    private StrategyChoice requested(MethodNode method, Set<MethodNode> seen) {
        StrategyChoice own = annotated(method);
        if (own != null) {
            return own;
        }
        if (DeferLocalLocator.isLambdaBody(method) && seen.add(method)) {
            MethodNode creator = creatorOf(method);
            if (creator != null) {
                return requested(creator, seen);
            }
        }
        return plan.classStrategy();
    }

    /** Whether the method is in a {@code @Deferred} scope. */
    boolean inScope(MethodNode method) {
        return requested(method) != null;
    }

    static StrategyChoice annotated(MethodNode method) {
        List<AnnotationNode> annotations = method.invisibleAnnotations;
        if (annotations == null) {
            return null;
        }
        for (AnnotationNode annotation : annotations) {
            if (!annotation.desc.equals(JvmNames.DEFERRED_DESCRIPTOR)) {
                continue;
            }
            if (annotation.values != null) {
                for (int i = 0; i + 1 < annotation.values.size(); i += 2) {
                    if ("value".equals(annotation.values.get(i))) {
                        return StrategyChoice.named(((String[]) annotation.values.get(i + 1))[1]);
                    }
                }
            }
            return StrategyChoice.AUTO;
        }
        return null;
    }

    private MethodNode creatorOf(MethodNode lambda) {
        for (MethodNode method : owner.methods) {
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof InvokeDynamicInsnNode && refersTo((InvokeDynamicInsnNode) insn, lambda)) {
                    return method;
                }
            }
        }
        return null;
    }

    boolean refersTo(InvokeDynamicInsnNode indy, MethodNode lambda) {
        for (Object argument : indy.bsmArgs) {
            if (argument instanceof Handle) {
                Handle handle = (Handle) argument;
                if (handle.getOwner().equals(owner.name) && handle.getName().equals(lambda.name) && handle.getDesc().equals(lambda.desc)) {
                    return true;
                }
            }
        }
        return false;
    }
}
