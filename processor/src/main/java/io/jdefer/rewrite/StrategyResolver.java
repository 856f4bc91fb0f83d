package io.jdefer.rewrite;

import io.jdefer.plan.StrategyChoice;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The strategy a method asks for: its own {@code @Deferred} (kept in the class file, retention
 * CLASS); for a lambda body, that of the method whose code creates the lambda; otherwise the
 * class-wide strategy of the source plan. {@code null} means the method is in no {@code @Deferred} scope.
 */
final class StrategyResolver {
    private final StrategyChoice classStrategy;
    private final LambdaBodies lambdas;

    StrategyResolver(StrategyChoice classStrategy, LambdaBodies lambdas) {
        this.classStrategy = classStrategy;
        this.lambdas = lambdas;
    }

    StrategyChoice requested(MethodNode method) {
        return requested(method, new HashSet<>());
    }

    private StrategyChoice requested(MethodNode method, Set<MethodNode> seen) {
        StrategyChoice own = annotated(method);
        if (own != null) {
            return own;
        }
        if (lambdas.isBody(method) && seen.add(method)) {
            // A lambda body created in several places (a field initializer javac copies into each
            // constructor) takes the first creator's strategy: they all stand in the same source.
            for (MethodNode creator : lambdas.creators(method)) {
                StrategyChoice inherited = requested(creator, seen);
                if (inherited != null) {
                    return inherited;
                }
            }
        }
        return classStrategy;
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
}
