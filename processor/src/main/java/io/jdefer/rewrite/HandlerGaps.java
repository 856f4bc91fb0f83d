package io.jdefer.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/** Gaps in the ranges of a method's own handlers, for the copies of {@link FinallyShape} (javac's {@code Gen.genTry}). */
final class HandlerGaps {
    private HandlerGaps() {}

    /**
     * Takes the copies out of every range of the method's own handlers, as javac's gaps do: an
     * action that throws at a return inside the user's {@code try} is not the user's to catch.
     */
    static void cut(MethodNode method, List<LabelNode[]> gaps) {
        if (gaps.isEmpty()) {
            return;
        }
        InsnList code = method.instructions;
        List<TryCatchBlockNode> split = new ArrayList<>();
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            LabelNode start = block.start;
            for (LabelNode[] gap : gaps) {
                int at = code.indexOf(gap[0]);
                if (at > code.indexOf(start) && at < code.indexOf(block.end)) {
                    addPiece(split, block, start, gap[0]);
                    start = gap[1];
                }
            }
            addPiece(split, block, start, block.end);
        }
        method.tryCatchBlocks.clear();
        method.tryCatchBlocks.addAll(split);
    }

    private static void addPiece(List<TryCatchBlockNode> out, TryCatchBlockNode block, LabelNode start, LabelNode end) {
        if (!hasRealBetween(start, end)) {
            return; // the JVM rejects an empty range
        }
        if (start == block.start && end == block.end) {
            out.add(block);
            return;
        }
        TryCatchBlockNode piece = new TryCatchBlockNode(start, end, block.handler, block.type);
        piece.visibleTypeAnnotations = block.visibleTypeAnnotations;
        piece.invisibleTypeAnnotations = block.invisibleTypeAnnotations;
        out.add(piece);
    }

    private static boolean hasRealBetween(LabelNode start, LabelNode end) {
        for (AbstractInsnNode at = start; at != null && at != end; at = at.getNext()) {
            if (Bytecode.isReal(at)) {
                return true;
            }
        }
        return false;
    }
}
