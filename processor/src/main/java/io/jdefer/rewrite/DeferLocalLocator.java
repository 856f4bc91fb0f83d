package io.jdefer.rewrite;

import io.jdefer.plan.DeferLocal;
import io.jdefer.plan.DeferSite;
import io.jdefer.plan.LineSpan;
import io.jdefer.plan.ScopeKind;
import io.jdefer.plan.ScopePlan;
import io.jdefer.plan.SiteKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableAnnotationNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Finds the store instruction of each {@code @Defer} local of the plan (SPEC S9). Unlike the API
 * calls, a local declaration leaves no mark of its own in bytecode, so the store is found from what
 * javac does keep, best evidence first:
 * <ol>
 *   <li>the local variable table (with {@code -g}): name and slot, from the instruction after the store;
 *   <li>the {@code @Defer} type annotation javac writes for the local: slot and start;
 *   <li>both exist only when the variable is used after its declaration; otherwise the local is the
 *       last statement of its block, and its store is the last {@code astore} on the declaration's
 *       lines.
 * </ol>
 * Without line numbers ({@code -g:none}, {@code -g:vars}) only the variable table by name, and
 * annotations that pair up one to one with the remaining locals, are trusted. A local that cannot
 * be found is reported, never guessed.
 */
final class DeferLocalLocator {
    private final ClassNode owner;

    DeferLocalLocator(ClassNode owner) {
        this.owner = owner;
    }

    /** A located store, or the plan site that could not be located ({@code store == null}). */
    record Located(MethodNode method, DeferSite site, VarInsnNode store) {}

    List<Located> locate(ScopePlan scope) {
        List<DeferSite> locals = new ArrayList<>();
        for (DeferSite site : scope.sites()) {
            if (site.kind() == SiteKind.DEFER_LOCAL) {
                locals.add(site);
            }
        }
        List<Located> located = new ArrayList<>();
        if (locals.isEmpty()) {
            return located;
        }
        MethodNode method = methodOf(scope, locals.get(0).local());
        Map<DeferSite, VarInsnNode> stores = method == null ? Map.of() : stores(method, locals);
        for (DeferSite site : locals) {
            located.add(new Located(method, site, stores.get(site)));
        }
        return located;
    }

    private Map<DeferSite, VarInsnNode> stores(MethodNode method, List<DeferSite> locals) {
        Map<DeferSite, VarInsnNode> stores = new HashMap<>();
        Set<AbstractInsnNode> claimed = new HashSet<>();
        boolean hasLines = lineSpan(method) != null;
        List<DeferSite> unresolved = new ArrayList<>();
        for (DeferSite site : locals) {
            VarInsnNode store = hasLines ? storeOnLines(method, site.local(), claimed) : storeByName(method, site.local(), claimed);
            if (store != null) {
                claimed.add(store);
                stores.put(site, store);
            } else {
                unresolved.add(site);
            }
        }
        if (!hasLines && !unresolved.isEmpty()) {
            // Without lines, annotations cannot be told apart: use them only when they pair up one to one, in order.
            List<VarInsnNode> annotated = new ArrayList<>();
            for (VarInsnNode store : annotatedStores(method)) {
                if (!claimed.contains(store) && !namedStores(method).contains(store)) {
                    annotated.add(store);
                }
            }
            if (annotated.size() == unresolved.size()) {
                for (int i = 0; i < annotated.size(); i++) {
                    stores.put(unresolved.get(i), annotated.get(i));
                }
            }
        }
        return stores;
    }

    /** With line numbers: the variable table by name, the annotation, else the last {@code astore} on the lines. */
    private static VarInsnNode storeOnLines(MethodNode method, DeferLocal local, Set<AbstractInsnNode> claimed) {
        LineSpan lines = local.lines();
        Set<AbstractInsnNode> otherVariables = new HashSet<>();
        for (LocalVariableNode variable : variables(method)) {
            VarInsnNode store = storeBefore(variable.start, variable.index);
            if (store == null || claimed.contains(store) || !lines.contains(Bytecode.lineOf(store))) {
                continue;
            }
            if (variable.name.equals(local.variable())) {
                return store;
            }
            otherVariables.add(store);
        }
        for (VarInsnNode store : annotatedStores(method)) {
            if (!claimed.contains(store) && !otherVariables.contains(store) && lines.contains(Bytecode.lineOf(store))) {
                return store;
            }
        }
        VarInsnNode last = null;
        for (AbstractInsnNode insn : method.instructions) {
            if (insn.getOpcode() == Opcodes.ASTORE && !claimed.contains(insn) && !otherVariables.contains(insn)
                    && lines.contains(Bytecode.lineOf(insn))) {
                last = (VarInsnNode) insn;
            }
        }
        return last;
    }

    /** Without line numbers: only the variable table, by name, first unclaimed in code order. */
    private static VarInsnNode storeByName(MethodNode method, DeferLocal local, Set<AbstractInsnNode> claimed) {
        VarInsnNode first = null;
        for (LocalVariableNode variable : variables(method)) {
            VarInsnNode store = storeBefore(variable.start, variable.index);
            if (store != null && variable.name.equals(local.variable()) && !claimed.contains(store)
                    && (first == null || method.instructions.indexOf(store) < method.instructions.indexOf(first))) {
                first = store;
            }
        }
        return first;
    }

    private static Set<AbstractInsnNode> namedStores(MethodNode method) {
        Set<AbstractInsnNode> named = new HashSet<>();
        for (LocalVariableNode variable : variables(method)) {
            VarInsnNode store = storeBefore(variable.start, variable.index);
            if (store != null) {
                named.add(store);
            }
        }
        return named;
    }

    private static List<LocalVariableNode> variables(MethodNode method) {
        return method.localVariables == null ? List.of() : method.localVariables;
    }

    /** The stores that a {@code @Defer} type annotation points at, in code order. */
    private static List<VarInsnNode> annotatedStores(MethodNode method) {
        List<VarInsnNode> stores = new ArrayList<>();
        for (LocalVariableAnnotationNode annotation : annotations(method)) {
            for (int i = 0; i < annotation.start.size(); i++) {
                VarInsnNode store = storeBefore(annotation.start.get(i), annotation.index.get(i));
                if (store != null && !stores.contains(store)) {
                    stores.add(store);
                }
            }
        }
        stores.sort(java.util.Comparator.comparingInt(store -> method.instructions.indexOf(store)));
        return stores;
    }

    private static List<LocalVariableAnnotationNode> annotations(MethodNode method) {
        List<LocalVariableAnnotationNode> found = new ArrayList<>();
        if (method.invisibleLocalVariableAnnotations != null) {
            for (LocalVariableAnnotationNode annotation : method.invisibleLocalVariableAnnotations) {
                if (annotation.desc.equals(JvmNames.DEFER_DESCRIPTOR)) {
                    found.add(annotation);
                }
            }
        }
        return found;
    }

    private static VarInsnNode storeBefore(LabelNode start, int slot) {
        AbstractInsnNode previous = Bytecode.previousReal(start);
        if (previous != null && previous.getOpcode() == Opcodes.ASTORE && ((VarInsnNode) previous).var == slot) {
            return (VarInsnNode) previous;
        }
        return null;
    }

    /**
     * The method that holds a scope's code: a method or constructor by name (and by lines among
     * overloads); a lambda body by the widest synthetic {@code lambda$} method within its lines.
     * Without line numbers, the one candidate that names {@code local} in its variable table or
     * carries a {@code @Defer} local annotation.
     */
    MethodNode methodOf(ScopePlan scope, DeferLocal local) {
        List<MethodNode> candidates = new ArrayList<>();
        for (MethodNode method : owner.methods) {
            boolean lambda = isLambdaBody(method);
            if (scope.kind() == ScopeKind.LAMBDA ? lambda : !lambda && method.name.equals(scope.name())) {
                candidates.add(method);
            }
        }
        if (scope.kind() != ScopeKind.LAMBDA && candidates.size() == 1) {
            return candidates.get(0);
        }
        MethodNode best = null;
        if (scope.lines() == null || candidates.stream().allMatch(method -> lineSpan(method) == null)) {
            for (MethodNode method : candidates) {
                if (mentions(method, local)) {
                    if (best != null) {
                        return null;
                    }
                    best = method;
                }
            }
            return best;
        }
        int bestWidth = -1;
        for (MethodNode method : candidates) {
            LineSpan span = lineSpan(method);
            if (span != null && scope.lines().contains(span) && span.size() > bestWidth) {
                best = method;
                bestWidth = span.size();
            }
        }
        return best;
    }

    private static boolean mentions(MethodNode method, DeferLocal local) {
        if (method.localVariables != null && method.localVariables.stream().anyMatch(v -> v.name.equals(local.variable()))) {
            return true;
        }
        return !annotations(method).isEmpty();
    }

    static boolean isLambdaBody(MethodNode method) {
        return (method.access & Opcodes.ACC_SYNTHETIC) != 0 && method.name.startsWith("lambda$");
    }

    static LineSpan lineSpan(MethodNode method) {
        int first = Integer.MAX_VALUE;
        int last = -1;
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof LineNumberNode) {
                int line = ((LineNumberNode) insn).line;
                first = Math.min(first, line);
                last = Math.max(last, line);
            }
        }
        return last < 0 ? null : new LineSpan(first, last);
    }
}
