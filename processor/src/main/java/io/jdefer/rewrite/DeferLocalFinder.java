package io.jdefer.rewrite;

import io.jdefer.plan.SiteKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.TypePath;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LocalVariableAnnotationNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Finds the {@code @Defer} locals of a method from the class file alone (SPEC S9, section 5): the
 * {@code LOCAL_VARIABLE} type annotation javac writes for each one, with or without {@code -g},
 * gives its slot and the ranges where it holds its value; each range that begins right after a
 * store into that slot begins at a registration (javac gives each copy of a {@code finally} block
 * its own range). The method called at exit is the annotation's {@code value}, resolved on the
 * local's declared type (the local variable table, when there is one) or else on the static type
 * of the value stored. Whether a user's method may run (D3's offer) is read on both, so that it
 * does not depend on the debug option (D31). No line number, local name or method name is consulted.
 *
 * <p>javac writes no annotation for a {@code @Defer} local whose range is empty, one whose block
 * ends right after it: the source check {@code DeferLocalPlacementCheck} rejects those, so that no
 * {@code @Defer} local reaches this point without its annotation.
 */
final class DeferLocalFinder {
    private final ClassNode owner;
    private final ClassShapes shapes;
    private final LambdaBodies lambdas;

    DeferLocalFinder(ClassNode owner, ClassShapes shapes, LambdaBodies lambdas) {
        this.owner = owner;
        this.shapes = shapes;
        this.lambdas = lambdas;
    }

    /** The registrations of {@code method}'s {@code @Defer} locals; what cannot be found exactly goes to {@code problems}. */
    List<ActionSite> find(MethodNode method, List<Problem> problems) {
        List<ActionSite> sites = new ArrayList<>();
        if (method.invisibleLocalVariableAnnotations == null) {
            return sites;
        }
        StoredValueTypes values = null;
        for (LocalVariableAnnotationNode annotation : method.invisibleLocalVariableAnnotations) {
            if (!annotation.desc.equals(JvmNames.DEFER_DESCRIPTOR) || !onTheLocalsOwnType(annotation.typePath)) {
                continue;
            }
            String name = methodName(annotation);
            Set<VarInsnNode> stores = new LinkedHashSet<>();
            Type declared = null;
            for (int i = 0; i < annotation.start.size(); i++) {
                int slot = annotation.index.get(i);
                AbstractInsnNode previous = Bytecode.previousReal(annotation.start.get(i));
                if (previous != null && previous.getOpcode() == Opcodes.ASTORE && ((VarInsnNode) previous).var == slot) {
                    stores.add((VarInsnNode) previous);
                    if (declared == null) {
                        declared = declaredType(method, annotation.start.get(i), slot);
                    }
                }
            }
            String key = method.name + method.desc;
            if (stores.isEmpty()) {
                problems.add(new Problem(Problem.Kind.DEFER_LOCAL_NOT_FOUND, key, lineOf(annotation),
                        "no store of the @Defer local in slot " + annotation.index.get(0) + " begins its range"));
                continue;
            }
            VarInsnNode first = stores.iterator().next();
            Type type = declared;
            Type stored = null;
            if (type == null || JdkClasses.contains(type.getInternalName())) {
                if (values == null) {
                    values = new StoredValueTypes(owner, method, shapes);
                }
                stored = values.topBefore(first);
                type = type == null ? stored : type;
            }
            if (type == null || type.getSort() != Type.OBJECT) {
                problems.add(new Problem(Problem.Kind.DEFER_LOCAL_NOT_FOUND, key, Bytecode.lineOf(first),
                        "the type of the @Defer local in slot " + first.var + " could not be determined (" + type + ")"));
                continue;
            }
            if (type.equals(StoredValueTypes.NULL)) {
                continue; // always null: registers nothing (S9)
            }
            DeferMethodResolver resolver = new DeferMethodResolver(shapes, owner.name);
            List<String> signatures = signatures(method);
            DeferMethodResolver.Resolved resolved = resolver.resolve(type.getInternalName(), name, signatures);
            if (resolved == null) {
                problems.add(new Problem(Problem.Kind.DEFER_LOCAL_NOT_FOUND, key, Bytecode.lineOf(first),
                        "no accessible no-argument method " + name + "() on " + type.getClassName()));
                continue;
            }
            boolean userMethod = !JdkClasses.contains(resolved.method().owner());
            if (!userMethod && stored != null && stored.getSort() == Type.OBJECT && !stored.equals(type)) {
                // D31: the value's own static type, which every debug option shows, says whether a user's method may run
                DeferMethodResolver.Resolved onValue = resolver.resolve(stored.getInternalName(), name, signatures);
                userMethod = onValue != null && !JdkClasses.contains(onValue.method().owner());
            }
            for (VarInsnNode store : stores) {
                ActionShape shape = new ActionShape.LocalMethod(resolved.method(), type.getInternalName(), resolved.cast(), userMethod);
                sites.add(new ActionSite(SiteKind.DEFER_LOCAL, store, null, shape));
            }
        }
        return sites;
    }

    /** The annotation is on the local's type itself (not on a type argument or array component): an empty path, or inner-type steps only. */
    private static boolean onTheLocalsOwnType(TypePath path) {
        if (path == null) {
            return true;
        }
        for (int i = 0; i < path.getLength(); i++) {
            if (path.getStep(i) != TypePath.INNER_TYPE) {
                return false;
            }
        }
        return true;
    }

    private static String methodName(LocalVariableAnnotationNode annotation) {
        if (annotation.values != null) {
            for (int i = 0; i + 1 < annotation.values.size(); i += 2) {
                if ("value".equals(annotation.values.get(i))) {
                    return (String) annotation.values.get(i + 1);
                }
            }
        }
        return "close";
    }

    /** The declared type from the local variable table: the entry for this slot that starts where the annotation's range does. */
    private static Type declaredType(MethodNode method, LabelNode start, int slot) {
        if (method.localVariables == null) {
            return null;
        }
        for (LocalVariableNode variable : method.localVariables) {
            if (variable.index == slot && variable.start == start) {
                return Type.getType(variable.desc);
            }
        }
        return null;
    }

    /**
     * The generic signatures whose type variables are in scope: the method's; for a lambda body
     * (which javac gives no signature), those of the methods that create it, found by their
     * factories; then its class's. A type variable of a method enclosing a local or anonymous class
     * is not among them: a local of such a type is DEFER_LOCAL_NOT_LOCATED, never a guess.
     */
    private List<String> signatures(MethodNode method) {
        List<String> signatures = new ArrayList<>();
        Deque<MethodNode> work = new ArrayDeque<>(List.of(method));
        Set<MethodNode> seen = new HashSet<>();
        while (!work.isEmpty()) {
            MethodNode at = work.pop();
            if (!seen.add(at)) {
                continue;
            }
            signatures.add(at.signature);
            if (lambdas.isBody(at)) {
                work.addAll(lambdas.creators(at));
            }
        }
        signatures.add(owner.signature);
        return signatures;
    }

    private static int lineOf(LocalVariableAnnotationNode annotation) {
        return annotation.start.isEmpty() ? -1 : Bytecode.lineOf(annotation.start.get(0));
    }
}
