package io.jdefer.dump;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.objectweb.asm.Handle;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Which methods are in a {@code @Deferred} scope (SPEC S8), read from class files alone:
 * {@code @Deferred} is kept as a {@code RuntimeInvisibleAnnotations} entry (retention CLASS).
 * A method is in scope when it is annotated; a lambda body when the method that creates it is; any
 * other method when its class is, or the class is nested in a class or declared in a method that
 * is. The strategy requested is that of the nearest annotation ({@code AUTO} by default).
 */
final class DeferredScope {
    static final String DEFERRED = "Lio/jdefer/Deferred;";

    private final ClassNode owner;
    /** Reads another class of the same input (an outer class), or returns {@code null}. */
    private final Function<String, ClassNode> lookup;

    DeferredScope(ClassNode owner, Function<String, ClassNode> lookup) {
        this.owner = owner;
        this.lookup = lookup;
    }

    /** The strategy requested for {@code method} ({@code AUTO}, {@code INLINE}, {@code FRAME}), or {@code null} outside every scope. */
    String requested(MethodNode method) {
        return requested(method, new HashSet<>());
    }

    private String requested(MethodNode method, Set<MethodNode> seen) {
        String own = annotated(method.invisibleAnnotations);
        if (own != null) {
            return own;
        }
        if (method.name.startsWith("lambda$") && seen.add(method)) {
            MethodNode creator = creatorOf(method);
            if (creator != null) {
                return requested(creator, seen);
            }
        }
        return classRequested(owner, new HashSet<>());
    }

    /**
     * The class-wide strategy of the owner: its own {@code @Deferred}, else that of the method it is
     * declared in ({@code EnclosingMethod}) or of the class it is nested in ({@code InnerClasses}),
     * outward; {@code null} outside every scope. What the rewriter's plan calls the class strategy.
     */
    String classRequested() {
        return classRequested(owner, new HashSet<>());
    }

    private String classRequested(ClassNode type, Set<String> seen) {
        if (!seen.add(type.name)) {
            return null;
        }
        String own = annotated(type.invisibleAnnotations);
        if (own != null) {
            return own;
        }
        String outerName = type.outerClass;
        if (outerName != null) {
            // A local or anonymous class: its enclosing method's scope, else its enclosing class's.
            ClassNode outer = lookup.apply(outerName);
            if (outer == null) {
                return null;
            }
            if (type.outerMethod != null) {
                for (MethodNode method : outer.methods) {
                    if (method.name.equals(type.outerMethod) && method.desc.equals(type.outerMethodDesc)) {
                        String scope = new DeferredScope(outer, lookup).requested(method);
                        if (scope != null) {
                            return scope;
                        }
                    }
                }
            }
            return classRequested(outer, seen);
        }
        for (InnerClassNode inner : type.innerClasses) {
            if (inner.name.equals(type.name) && inner.outerName != null) {
                ClassNode outer = lookup.apply(inner.outerName);
                return outer == null ? null : classRequested(outer, seen);
            }
        }
        return null;
    }

    static String annotated(List<AnnotationNode> annotations) {
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
                        return ((String[]) annotation.values.get(i + 1))[1];
                    }
                }
            }
            return "AUTO";
        }
        return null;
    }

    /** The method whose code creates the lambda, or calls its body (a rewritten epilogue), or {@code null}. */
    private MethodNode creatorOf(MethodNode lambda) {
        for (MethodNode method : owner.methods) {
            if (method == lambda) {
                continue;
            }
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof InvokeDynamicInsnNode && refersTo((InvokeDynamicInsnNode) insn, lambda)) {
                    return method;
                }
                if (insn instanceof MethodInsnNode && calls((MethodInsnNode) insn, lambda)) {
                    return method; // an open-coded epilogue calls the body directly: the factory is gone
                }
            }
        }
        return null;
    }

    private boolean calls(MethodInsnNode call, MethodNode lambda) {
        return call.owner.equals(owner.name) && call.name.equals(lambda.name) && call.desc.equals(lambda.desc);
    }

    private boolean refersTo(InvokeDynamicInsnNode indy, MethodNode lambda) {
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
