package io.jdefer.dump;

import java.util.IdentityHashMap;
import java.util.Map;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * {@code --frames}: the locals and the operand stack before each instruction, in the layout of
 * ASM's {@code CheckClassAdapter} ({@code R I J . : R}: reference, int, long, the long's second
 * slot or an unset local, then the stack). Uses ASM's basic interpreter, which loads no class.
 */
final class FrameText {
    private FrameText() {}

    static Map<AbstractInsnNode, String> of(String owner, MethodNode method) {
        Map<AbstractInsnNode, String> text = new IdentityHashMap<>();
        Frame<BasicValue>[] frames;
        try {
            frames = new Analyzer<>(new BasicInterpreter()).analyze(owner, method);
        } catch (AnalyzerException e) {
            text.put(e.node, "does not verify: " + e.getMessage());
            return text;
        }
        int i = 0;
        for (AbstractInsnNode insn : method.instructions) {
            Frame<BasicValue> frame = frames[i++];
            if (insn.getOpcode() < 0) {
                continue;
            }
            if (frame == null) {
                text.put(insn, "unreachable");
                continue;
            }
            StringBuilder out = new StringBuilder();
            for (int local = 0; local < frame.getLocals(); local++) {
                out.append(local == 0 ? "" : " ").append(frame.getLocal(local));
            }
            out.append(" :");
            for (int slot = 0; slot < frame.getStackSize(); slot++) {
                out.append(' ').append(frame.getStack(slot));
            }
            text.put(insn, out.toString());
        }
        return text;
    }
}
