package io.jdefer.rewrite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The lambda bodies of a class, found from the class file alone: a synthetic method of this class
 * that is the implementation handle of a {@code LambdaMetafactory} call site. Never by name. For
 * each body, the call sites that create it and the methods holding them (SPEC S8: a lambda body
 * takes the {@code @Deferred} scope of the code that creates it).
 *
 * <p>A private synthetic method that no code of the class that can run names is never run: javac
 * writes the body of a lambda it then drops with dead code ({@code if (DEBUG) ...} on a constant),
 * and no call site creates it, so no {@code @Deferred} scope applies to it (D29).
 */
final class LambdaBodies {
    private final Map<MethodNode, List<InvokeDynamicInsnNode>> factories = new IdentityHashMap<>();
    private final Map<InvokeDynamicInsnNode, MethodNode> holders = new IdentityHashMap<>();
    private final Map<String, MethodNode> byKey = new LinkedHashMap<>();
    private final Set<MethodNode> unreachable;

    LambdaBodies(ClassNode owner) {
        Map<String, MethodNode> synthetic = new LinkedHashMap<>();
        for (MethodNode method : owner.methods) {
            if ((method.access & Opcodes.ACC_SYNTHETIC) != 0) {
                synthetic.put(method.name + method.desc, method);
            }
        }
        for (MethodNode method : owner.methods) {
            for (AbstractInsnNode insn : method.instructions) {
                if (!(insn instanceof InvokeDynamicInsnNode)) {
                    continue;
                }
                Handle impl = implementation((InvokeDynamicInsnNode) insn);
                if (impl == null || !impl.getOwner().equals(owner.name)) {
                    continue;
                }
                MethodNode body = synthetic.get(impl.getName() + impl.getDesc());
                if (body != null) {
                    factories.computeIfAbsent(body, b -> new ArrayList<>()).add((InvokeDynamicInsnNode) insn);
                    holders.put((InvokeDynamicInsnNode) insn, method);
                    byKey.put(impl.getName() + impl.getDesc(), body);
                }
            }
        }
        unreachable = unreachable(owner);
    }

    /**
     * The private synthetic methods that no reachable method of the class names (a call, or a method
     * handle in a constant or bootstrap argument): the methods that are not private synthetic are
     * reachable from outside, and so is what they name.
     */
    private static Set<MethodNode> unreachable(ClassNode owner) {
        Map<String, MethodNode> hidden = new LinkedHashMap<>();
        Deque<MethodNode> work = new ArrayDeque<>();
        for (MethodNode method : owner.methods) {
            if ((method.access & (Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC)) == (Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC)) {
                hidden.put(method.name + method.desc, method);
            } else {
                work.add(method);
            }
        }
        while (!work.isEmpty() && !hidden.isEmpty()) {
            for (AbstractInsnNode insn : work.pop().instructions) {
                List<String> named = new ArrayList<>();
                if (insn instanceof MethodInsnNode && ((MethodInsnNode) insn).owner.equals(owner.name)) {
                    named.add(((MethodInsnNode) insn).name + ((MethodInsnNode) insn).desc);
                } else if (insn instanceof InvokeDynamicInsnNode) {
                    InvokeDynamicInsnNode indy = (InvokeDynamicInsnNode) insn;
                    handles(indy.bsm, owner.name, named);
                    for (Object argument : indy.bsmArgs) {
                        handles(argument, owner.name, named);
                    }
                } else if (insn instanceof LdcInsnNode) {
                    handles(((LdcInsnNode) insn).cst, owner.name, named);
                }
                for (String key : named) {
                    MethodNode reached = hidden.remove(key);
                    if (reached != null) {
                        work.add(reached);
                    }
                }
            }
        }
        Set<MethodNode> unreachable = Collections.newSetFromMap(new IdentityHashMap<>());
        unreachable.addAll(hidden.values());
        return unreachable;
    }

    /** Adds the methods of {@code owner} that a constant names, through a handle or a dynamic constant's arguments. */
    private static void handles(Object constant, String owner, List<String> named) {
        if (constant instanceof Handle && ((Handle) constant).getOwner().equals(owner)) {
            named.add(((Handle) constant).getName() + ((Handle) constant).getDesc());
        } else if (constant instanceof ConstantDynamic) {
            ConstantDynamic dynamic = (ConstantDynamic) constant;
            handles(dynamic.getBootstrapMethod(), owner, named);
            for (int i = 0; i < dynamic.getBootstrapMethodArgumentCount(); i++) {
                handles(dynamic.getBootstrapMethodArgument(i), owner, named);
            }
        }
    }

    /** Whether no code of the class that can run names {@code method}, a private synthetic method: it never runs (D29). */
    boolean unreachable(MethodNode method) {
        return unreachable.contains(method);
    }

    /** The implementation method of a {@code LambdaMetafactory} call site ({@code metafactory} or {@code altMetafactory}), or {@code null}. */
    static Handle implementation(InvokeDynamicInsnNode indy) {
        boolean lambda = indy.bsm.getOwner().equals(JvmNames.LAMBDA_METAFACTORY)
                && (indy.bsm.getName().equals("metafactory") || indy.bsm.getName().equals("altMetafactory"))
                && indy.bsmArgs.length >= 3 && indy.bsmArgs[1] instanceof Handle;
        return lambda ? (Handle) indy.bsmArgs[1] : null;
    }

    /** Whether the call site makes an {@code Action}. */
    static boolean makesAction(InvokeDynamicInsnNode indy) {
        return implementation(indy) != null && Type.getReturnType(indy.desc).getInternalName().equals(JvmNames.ACTION);
    }

    /**
     * Whether the object the call site makes is an instance of every type in {@code casts}: its
     * functional interface, {@code Serializable} for a serializable lambda, or a marker interface
     * named to {@code altMetafactory}.
     */
    static boolean implementsAll(InvokeDynamicInsnNode indy, List<String> casts) {
        List<String> types = new ArrayList<>();
        types.add(Type.getReturnType(indy.desc).getInternalName());
        if (indy.bsm.getName().equals("altMetafactory") && indy.bsmArgs.length > 3 && indy.bsmArgs[3] instanceof Integer) {
            int flags = (Integer) indy.bsmArgs[3];
            int at = 4;
            if ((flags & LambdaFlags.SERIALIZABLE) != 0) {
                types.add("java/io/Serializable");
            }
            if ((flags & LambdaFlags.MARKERS) != 0 && at < indy.bsmArgs.length) {
                int count = (Integer) indy.bsmArgs[at++];
                for (int i = 0; i < count && at < indy.bsmArgs.length; i++) {
                    types.add(((Type) indy.bsmArgs[at++]).getInternalName());
                }
            }
        }
        return types.containsAll(casts);
    }

    /** The flag bits of {@code LambdaMetafactory.altMetafactory}. */
    private static final class LambdaFlags {
        static final int SERIALIZABLE = 1;
        static final int MARKERS = 2;
    }

    boolean isBody(MethodNode method) {
        return factories.containsKey(method);
    }

    /** The body a handle names, or {@code null} when it is no lambda body of this class. */
    MethodNode body(Handle impl) {
        return byKey.get(impl.getName() + impl.getDesc());
    }

    /** The call sites that create {@code body}. */
    List<InvokeDynamicInsnNode> factories(MethodNode body) {
        return factories.getOrDefault(body, List.of());
    }

    /** The methods whose code creates {@code body}. */
    List<MethodNode> creators(MethodNode body) {
        List<MethodNode> creators = new ArrayList<>();
        for (InvokeDynamicInsnNode indy : factories(body)) {
            MethodNode holder = holders.get(indy);
            if (!creators.contains(holder)) {
                creators.add(holder);
            }
        }
        return creators;
    }
}
