package io.jdefer.dump;

import io.jdefer.plan.JdeferLowering;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Reads one class file into a {@link ClassDump}: ASM's tree for the instructions, the raw class
 * file for pcs and the {@code JdeferLowering} attribute, and the analyses ({@link DeferredScope},
 * {@link JdeferMarks}, {@link Allocations}, {@link NormalPath}). Works on any class file: one
 * without jdefer's attribute simply has no marks.
 */
public final class ClassAnalyzer {
    private final Function<String, byte[]> classes;
    private final Map<String, ClassNode> nodes = new HashMap<>();
    private boolean frames;

    /** {@code classes} finds other class files by internal name (outer classes, for scope), or returns {@code null}. */
    public ClassAnalyzer(Function<String, byte[]> classes) {
        this.classes = classes;
    }

    /** Also computes each instruction's {@code locals : stack} ({@code --frames}, ASM's {@code CheckClassAdapter} layout). */
    public ClassAnalyzer withFrames(boolean frames) {
        this.frames = frames;
        return this;
    }

    public ClassDump analyze(byte[] classFile) {
        ClassNode owner = new ClassNode();
        new ClassReader(classFile).accept(owner, ClassReader.SKIP_FRAMES);
        ClassFileLayout layout = ClassFileLayout.of(classFile);
        DeferredScope scope = new DeferredScope(owner, this::node);
        List<MethodDump> methods = new ArrayList<>();
        Map<MethodNode, BitSet> normal = new IdentityHashMap<>();
        Map<MethodNode, AbstractInsnNode[]> real = new IdentityHashMap<>();
        for (MethodNode method : owner.methods) {
            methods.add(analyze(owner, method, layout.code(method.name + method.desc), scope, normal, real, frames));
        }
        List<MethodDump> withCallers = new ArrayList<>();
        for (int i = 0; i < methods.size(); i++) {
            MethodNode method = owner.methods.get(i);
            MethodDump dump = methods.get(i);
            boolean onlyOnError = isLambdaCalledOnlyOffNormalPath(owner, method, normal, real);
            withCallers.add(onlyOnError ? new MethodDump(dump.owner(), dump.name(), dump.descriptor(), dump.requested(), dump.lowering(),
                    dump.loweringError(), dump.codeSize(), dump.instructions(), dump.handlers(), true) : dump);
        }
        return new ClassDump(owner.name, owner.sourceFile, withCallers);
    }

    private ClassNode node(String internalName) {
        return nodes.computeIfAbsent(internalName, name -> {
            byte[] bytes = classes.apply(name);
            if (bytes == null) {
                return null;
            }
            ClassNode node = new ClassNode();
            new ClassReader(bytes).accept(node, ClassReader.SKIP_CODE | ClassReader.SKIP_FRAMES);
            // SKIP_CODE keeps annotations; a lambda's creator is looked up only in the class being analyzed.
            return node;
        });
    }

    private static MethodDump analyze(ClassNode owner, MethodNode method, ClassFileLayout.Code code, DeferredScope scope,
            Map<MethodNode, BitSet> normal, Map<MethodNode, AbstractInsnNode[]> real, boolean withFrames) {
        String requested = scope.requested(method);
        JdeferLowering lowering = null;
        String loweringError = null;
        if (code != null && code.lowering() != null) {
            try {
                lowering = JdeferLowering.read(code.lowering());
            } catch (IllegalArgumentException e) {
                loweringError = e.getMessage();
            }
        }
        if (code == null || code.bytes().length == 0) {
            return new MethodDump(owner.name, method.name, method.desc, requested, lowering, loweringError, 0, List.of(), List.of(), false);
        }

        List<AbstractInsnNode> list = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn.getOpcode() >= 0) {
                list.add(insn);
            }
        }
        AbstractInsnNode[] insns = list.toArray(new AbstractInsnNode[0]);
        int[] pcs = code.pcs();
        if (insns.length != pcs.length) {
            throw new IllegalStateException("have " + insns.length + " instructions from ASM, " + pcs.length + " in the code of "
                    + owner.name + "." + method.name + method.desc);
        }
        Map<LabelNode, Integer> labelPcs = labelPcs(method, insns, pcs, code.bytes().length);

        JdeferMarks marks = JdeferMarks.of(insns, pcs, lowering);
        // an exit jdefer added to the class runs only from the handlers that call it (D37): none of it is normal path
        BitSet normalPath = lowering != null && lowering.strategy() == JdeferLowering.Strategy.EXIT ? new BitSet()
                : NormalPath.of(insns, marks.pendingTests);
        normal.put(method, normalPath);
        real.put(method, insns);

        InsnText text = new InsnText(labelPcs);
        Map<AbstractInsnNode, String> frames = withFrames ? FrameText.of(owner.name, method) : Map.of();
        Map<AbstractInsnNode, Integer> lines = lines(method);
        List<Instruction> instructions = new ArrayList<>(insns.length);
        for (int i = 0; i < insns.length; i++) {
            AbstractInsnNode insn = insns[i];
            String comment = "";
            if (insn instanceof VarInsnNode) {
                // A store's variable starts after it: look it up at the next pc.
                int opcode = insn.getOpcode();
                int at = opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE && i + 1 < pcs.length ? pcs[i + 1] : pcs[i];
                comment = localName(method, ((VarInsnNode) insn).var, at, labelPcs, marks);
            }
            instructions.add(new Instruction(pcs[i], lines.getOrDefault(insn, 0), text.format(insn, code.bytes()[pcs[i]] & 0xFF),
                    comment, marks.marks[i], Allocations.of(insn), normalPath.get(i), frames.getOrDefault(insn, "")));
        }
        List<String> handlers = new ArrayList<>();
        for (TryCatchBlockNode handler : method.tryCatchBlocks) {
            handlers.add(labelPcs.get(handler.start) + " " + labelPcs.get(handler.end) + " " + labelPcs.get(handler.handler) + " "
                    + (handler.type == null ? "any" : handler.type));
        }
        return new MethodDump(owner.name, method.name, method.desc, requested, lowering, loweringError, code.bytes().length,
                instructions, handlers, false);
    }

    /** The pc of every label: that of the next real instruction, or the code length at the end. */
    private static Map<LabelNode, Integer> labelPcs(MethodNode method, AbstractInsnNode[] insns, int[] pcs, int codeLength) {
        Map<AbstractInsnNode, Integer> pcOf = new IdentityHashMap<>();
        for (int i = 0; i < insns.length; i++) {
            pcOf.put(insns[i], pcs[i]);
        }
        Map<LabelNode, Integer> labels = new IdentityHashMap<>();
        List<LabelNode> pending = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof LabelNode) {
                pending.add((LabelNode) insn);
            } else if (insn.getOpcode() >= 0) {
                for (LabelNode label : pending) {
                    labels.put(label, pcOf.get(insn));
                }
                pending.clear();
            }
        }
        for (LabelNode label : pending) {
            labels.put(label, codeLength);
        }
        return labels;
    }

    /** The source line of each real instruction: that of the last line number entry before it. */
    private static Map<AbstractInsnNode, Integer> lines(MethodNode method) {
        Map<AbstractInsnNode, Integer> lines = new IdentityHashMap<>();
        int line = 0;
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof LineNumberNode) {
                line = ((LineNumberNode) insn).line;
            } else if (insn.getOpcode() >= 0) {
                lines.put(insn, line);
            }
        }
        return lines;
    }

    private static String localName(MethodNode method, int slot, int pc, Map<LabelNode, Integer> labelPcs, JdeferMarks marks) {
        String jdefer = marks.localNames.get(slot);
        if (jdefer != null) {
            return jdefer;
        }
        if (method.localVariables != null) {
            for (LocalVariableNode local : method.localVariables) {
                Integer start = labelPcs.get(local.start);
                Integer end = labelPcs.get(local.end);
                if (local.index == slot && start != null && end != null && start <= pc && pc < end) {
                    return local.name;
                }
            }
        }
        return "";
    }

    /**
     * A lambda body whose every caller and every factory in this class is off the normal path,
     * and that has at least one: a {@code deferOnError} action after open-coding.
     */
    private static boolean isLambdaCalledOnlyOffNormalPath(ClassNode owner, MethodNode lambda, Map<MethodNode, BitSet> normal,
            Map<MethodNode, AbstractInsnNode[]> real) {
        if (!lambda.name.startsWith("lambda$") || (lambda.access & Opcodes.ACC_SYNTHETIC) == 0) {
            return false;
        }
        int references = 0;
        for (MethodNode method : owner.methods) {
            AbstractInsnNode[] insns = real.get(method);
            if (insns == null) {
                continue;
            }
            for (int i = 0; i < insns.length; i++) {
                if (refersTo(owner, insns[i], lambda)) {
                    references++;
                    if (normal.get(method).get(i)) {
                        return false;
                    }
                }
            }
        }
        return references > 0;
    }

    private static boolean refersTo(ClassNode owner, AbstractInsnNode insn, MethodNode lambda) {
        if (insn instanceof MethodInsnNode) {
            MethodInsnNode call = (MethodInsnNode) insn;
            return call.owner.equals(owner.name) && call.name.equals(lambda.name) && call.desc.equals(lambda.desc);
        }
        if (insn instanceof InvokeDynamicInsnNode) {
            for (Object argument : ((InvokeDynamicInsnNode) insn).bsmArgs) {
                if (argument instanceof Handle && ((Handle) argument).getOwner().equals(owner.name)
                        && ((Handle) argument).getName().equals(lambda.name) && ((Handle) argument).getDesc().equals(lambda.desc)) {
                    return true;
                }
            }
        }
        return false;
    }
}
