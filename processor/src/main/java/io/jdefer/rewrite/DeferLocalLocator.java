package io.jdefer.rewrite;

import io.jdefer.plan.DeferLocal;
import io.jdefer.plan.DeferSite;
import io.jdefer.plan.LineSpan;
import io.jdefer.plan.ScopeKind;
import io.jdefer.plan.ScopePlan;
import io.jdefer.plan.SiteKind;
import java.util.ArrayList;
import java.util.HashSet;
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
 * A local that cannot be found is reported, never guessed across lines.
 */
final class DeferLocalLocator {
    private final ClassNode owner;

    DeferLocalLocator(ClassNode owner) {
        this.owner = owner;
    }

    /** A located store, or the plan site that could not be located ({@code store == null}). */
    record Located(MethodNode method, DeferSite site, VarInsnNode store) {}

    List<Located> locate(ScopePlan scope) {
        List<Located> located = new ArrayList<>();
        List<DeferSite> locals = new ArrayList<>();
        for (DeferSite site : scope.sites()) {
            if (site.kind() == SiteKind.DEFER_LOCAL) {
                locals.add(site);
            }
        }
        if (locals.isEmpty()) {
            return located;
        }
        MethodNode method = methodOf(scope);
        Set<VarInsnNode> claimed = new HashSet<>();
        for (DeferSite site : locals) {
            VarInsnNode store = method == null ? null : storeOf(method, site.local(), claimed);
            if (store != null) {
                claimed.add(store);
            }
            located.add(new Located(method, site, store));
        }
        return located;
    }

    private VarInsnNode storeOf(MethodNode method, DeferLocal local, Set<VarInsnNode> claimed) {
        LineSpan lines = local.lines();
        Set<AbstractInsnNode> otherVariables = new HashSet<>();
        for (LocalVariableNode variable : method.localVariables == null ? List.<LocalVariableNode>of() : method.localVariables) {
            VarInsnNode store = storeBefore(variable.start, variable.index);
            if (store == null || claimed.contains(store) || !onLines(store, lines)) {
                continue;
            }
            if (variable.name.equals(local.variable())) {
                return store;
            }
            otherVariables.add(store);
        }
        for (LocalVariableAnnotationNode annotation : annotations(method)) {
            for (int i = 0; i < annotation.start.size(); i++) {
                VarInsnNode store = storeBefore(annotation.start.get(i), annotation.index.get(i));
                if (store != null && !claimed.contains(store) && onLines(store, lines)) {
                    return store;
                }
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

    /** Whether the instruction is on the lines; true when the method has no line numbers to tell. */
    private static boolean onLines(AbstractInsnNode insn, LineSpan lines) {
        int line = Bytecode.lineOf(insn);
        return line < 0 || lines.contains(line);
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
     */
    MethodNode methodOf(ScopePlan scope) {
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
        if (scope.lines() == null) {
            return null;
        }
        MethodNode best = null;
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
