package io.jdefer.rewrite;

import io.jdefer.plan.SiteKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;

/** Finds the {@code Defers.defer/deferOnError/deferOnSuccess} calls of a method, self-describing in bytecode. */
final class SiteLocator {
    private SiteLocator() {}

    static boolean isRegistration(AbstractInsnNode insn) {
        if (insn.getOpcode() != Opcodes.INVOKESTATIC) {
            return false;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        return call.owner.equals(JvmNames.DEFERS) && call.desc.equals(JvmNames.REGISTER_DESCRIPTOR)
                && SiteKind.ofMethod(call.name) != null;
    }

    static boolean isRecover(AbstractInsnNode insn) {
        if (insn.getOpcode() != Opcodes.INVOKESTATIC) {
            return false;
        }
        MethodInsnNode call = (MethodInsnNode) insn;
        return call.owner.equals(JvmNames.DEFERS) && call.name.equals(JvmNames.RECOVER)
                && call.desc.equals(JvmNames.RECOVER_DESCRIPTOR);
    }

    static boolean callsRecover(MethodNode method) {
        for (AbstractInsnNode insn : method.instructions) {
            if (isRecover(insn)) {
                return true;
            }
        }
        return false;
    }

    /** The registrations of {@code method}, in instruction order. */
    static List<ActionSite> registrations(MethodNode method) {
        List<ActionSite> sites = new ArrayList<>();
        Set<LabelNode> targets = null;
        for (AbstractInsnNode insn : method.instructions) {
            if (!isRegistration(insn)) {
                continue;
            }
            SiteKind kind = SiteKind.ofMethod(((MethodInsnNode) insn).name);
            if (targets == null) {
                targets = branchTargets(method);
            }
            InvokeDynamicInsnNode factory = lambdaFactoryFeeding(insn, targets);
            if (factory == null) {
                sites.add(new ActionSite(kind, insn, null, new ActionShape.ActionObject()));
            } else {
                Handle impl = (Handle) factory.bsmArgs[1];
                List<Type> captures = List.of(Type.getArgumentTypes(factory.desc));
                sites.add(new ActionSite(kind, insn, factory, new ActionShape.Direct(impl, captures)));
            }
        }
        return sites;
    }

    /**
     * The {@code LambdaMetafactory} call whose result is the argument of {@code call}, when it
     * precedes it with no branch joining in between and nothing but the casts javac writes for an
     * intersection cast ({@code (Action<X> & Serializable) () -> ...}), which the lambda object
     * always passes; {@code null} for any other argument (an existing object, a conditional).
     */
    private static InvokeDynamicInsnNode lambdaFactoryFeeding(AbstractInsnNode call, Set<LabelNode> targets) {
        List<String> casts = new ArrayList<>();
        for (AbstractInsnNode at = call.getPrevious(); at != null; at = at.getPrevious()) {
            if (at instanceof LabelNode && targets.contains(at)) {
                return null;
            }
            if (!Bytecode.isReal(at)) {
                continue;
            }
            if (at.getOpcode() == Opcodes.CHECKCAST) {
                casts.add(((TypeInsnNode) at).desc);
                continue;
            }
            if (!(at instanceof InvokeDynamicInsnNode)) {
                return null;
            }
            InvokeDynamicInsnNode indy = (InvokeDynamicInsnNode) at;
            // metafactory, or altMetafactory (a serializable or marker-interface lambda): the object
            // goes straight into the call, so nobody can serialize or test it.
            return LambdaBodies.makesAction(indy) && LambdaBodies.implementsAll(indy, casts) ? indy : null;
        }
        return null;
    }

    private static Set<LabelNode> branchTargets(MethodNode method) {
        Set<LabelNode> targets = new HashSet<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof JumpInsnNode) {
                targets.add(((JumpInsnNode) insn).label);
            } else if (insn instanceof TableSwitchInsnNode) {
                targets.add(((TableSwitchInsnNode) insn).dflt);
                targets.addAll(((TableSwitchInsnNode) insn).labels);
            } else if (insn instanceof LookupSwitchInsnNode) {
                targets.add(((LookupSwitchInsnNode) insn).dflt);
                targets.addAll(((LookupSwitchInsnNode) insn).labels);
            }
        }
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            targets.add(block.handler);
        }
        return targets;
    }
}
