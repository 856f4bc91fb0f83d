package io.jdefer.classfile;

import io.jdefer.plan.StrategyChoice;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The {@code @Deferred} scope (SPEC S8) of classes and methods, read from class files alone:
 * {@code @Deferred} has retention CLASS, so it is kept as a {@code RuntimeInvisibleAnnotations}
 * entry. The source rule, restated on class files:
 * <ul>
 *   <li>a class: its own {@code @Deferred}; else, for a local or anonymous class
 *       ({@code EnclosingMethod}), the scope of the method it sits in, or of the enclosing class
 *       when it sits in an initializer; else, for a member class ({@code InnerClasses}), the
 *       scope of its enclosing class; else none;
 *   <li>a method: its own {@code @Deferred}; else, for a lambda body, the scope of the method
 *       whose {@code invokedynamic} creates it; else its class's scope.
 * </ul>
 * The nearest annotation wins. An enclosing class whose file the lookup cannot find is an error
 * naming it ({@link IllegalStateException}), never "not in scope".
 */
public final class DeferredScopes {
    static final String DEFERRED = "Lio/jdefer/Deferred;";

    private final ClassLookup lookup;
    /** Enclosing classes read once per instance; an instance serves one rewrite. */
    private final Map<String, ClassNode> read = new HashMap<>();

    /** Scopes whose enclosing classes are read through {@code lookup}. */
    public DeferredScopes(ClassLookup lookup) {
        this.lookup = lookup;
    }

    /** The strategy that covers the whole of {@code type}, or {@code null} when only some of its methods may be annotated. */
    public StrategyChoice classStrategy(ClassNode type) {
        return classStrategy(type, new HashSet<>());
    }

    /** The strategy {@code method} of {@code owner} asks for, or {@code null} when it is in no {@code @Deferred} scope. */
    public StrategyChoice methodStrategy(ClassNode owner, MethodNode method) {
        return methodStrategy(owner, method, new HashSet<>());
    }

    private StrategyChoice classStrategy(ClassNode type, Set<String> seen) {
        if (!seen.add(type.name)) {
            return null;
        }
        StrategyChoice own = annotated(type.invisibleAnnotations);
        if (own != null) {
            return own;
        }
        if (type.outerClass != null) {
            ClassNode outer = enclosing(type.outerClass, type.name);
            if (type.outerMethod != null) {
                MethodNode method = find(outer, type.outerMethod, type.outerMethodDesc);
                if (method == null) {
                    throw new IllegalStateException("have no method " + type.outerMethod + type.outerMethodDesc + " in "
                            + outer.name.replace('/', '.') + ", want the method that encloses " + type.name.replace('/', '.'));
                }
                return methodStrategy(outer, method, seen);
            }
            return classStrategy(outer, seen);
        }
        for (InnerClassNode inner : type.innerClasses) {
            if (inner.name.equals(type.name) && inner.outerName != null) {
                return classStrategy(enclosing(inner.outerName, type.name), seen);
            }
        }
        return null;
    }

    private StrategyChoice methodStrategy(ClassNode owner, MethodNode method, Set<String> seen) {
        StrategyChoice own = annotated(method.invisibleAnnotations);
        if (own != null) {
            return own;
        }
        if (isLambdaBody(method)) {
            MethodNode creator = creatorOf(owner, method);
            if (creator != null && seen.add(owner.name + '.' + creator.name + creator.desc)) {
                return methodStrategy(owner, creator, seen);
            }
        }
        return classStrategy(owner, seen);
    }

    /** The strategy of a {@code @Deferred} among {@code annotations}, {@code AUTO} when it names none. */
    static StrategyChoice annotated(List<AnnotationNode> annotations) {
        if (annotations == null) {
            return null;
        }
        for (AnnotationNode annotation : annotations) {
            if (!annotation.desc.equals(DEFERRED)) {
                continue;
            }
            if (annotation.values != null) {
                for (int i = 0; i + 1 < annotation.values.size(); i += 2) {
                    if ("value".equals(annotation.values.get(i)) && annotation.values.get(i + 1) instanceof String[]) {
                        return StrategyChoice.named(((String[]) annotation.values.get(i + 1))[1]);
                    }
                }
            }
            return StrategyChoice.AUTO;
        }
        return null;
    }

    /** javac's and ECJ's lambda bodies: synthetic methods named {@code lambda$...}. */
    static boolean isLambdaBody(MethodNode method) {
        return (method.access & Opcodes.ACC_SYNTHETIC) != 0 && method.name.startsWith("lambda$");
    }

    private static MethodNode creatorOf(ClassNode owner, MethodNode lambda) {
        for (MethodNode method : owner.methods) {
            if (method == lambda) {
                continue;
            }
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof InvokeDynamicInsnNode && refersTo(owner, (InvokeDynamicInsnNode) insn, lambda)) {
                    return method;
                }
            }
        }
        return null;
    }

    private static boolean refersTo(ClassNode owner, InvokeDynamicInsnNode indy, MethodNode lambda) {
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

    private static MethodNode find(ClassNode owner, String name, String descriptor) {
        for (MethodNode method : owner.methods) {
            if (method.name.equals(name) && method.desc.equals(descriptor)) {
                return method;
            }
        }
        return null;
    }

    private ClassNode enclosing(String name, String of) {
        ClassNode known = read.get(name);
        if (known != null) {
            return known;
        }
        byte[] bytes = lookup.find(name);
        if (bytes == null) {
            throw new IllegalStateException("have no class file for " + name.replace('/', '.') + ", want it to read the @Deferred scope of "
                    + of.replace('/', '.') + " (rewrite the directory or jar that holds both, or give it with --classpath)");
        }
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
        read.put(name, node);
        return node;
    }
}
