package io.jdefer.rewrite;

import io.jdefer.plan.SiteKind;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;

/**
 * The static sites of a frame method, open-coded beside its frame (SPEC C2, C3, C4; docs/frames.md):
 * each keeps its captures in locals of its own and a bit in a mask, or its first capture as its
 * flag, exactly as in {@link OpenCodedLowering}; none of them touches the frame. The epilogue runs
 * them in two groups around the frame's entries ({@link StrategyGate#split}); the frame method's
 * handler is shared, so each clears its registration before its call.
 */
final class StaticSites {
    private static final int BITS_PER_MASK = 32;

    private final Map<ActionSite, Integer> index = new IdentityHashMap<>();
    private final int[] masks;
    /** The bit of each site, or {@code -1} when its first capture flags its registration. */
    private final int[] bits;
    private final int[][] captureSlots;
    private final List<ActionSite> sites;

    StaticSites(List<ActionSite> sites, Locals locals, LoweringMarks marks) {
        this.sites = sites;
        bits = new int[sites.size()];
        int bitCount = 0;
        for (int i = 0; i < sites.size(); i++) {
            ActionSite site = sites.get(i);
            index.put(site, i);
            bits[i] = flaggedByCapture(site) ? -1 : bitCount++;
        }
        masks = new int[(bitCount + BITS_PER_MASK - 1) / BITS_PER_MASK];
        for (int m = 0; m < masks.length; m++) {
            masks[m] = marks.local(LoweringMarks.Role.MASK, locals.add(Type.INT_TYPE));
        }
        captureSlots = new int[sites.size()][];
        for (int i = 0; i < sites.size(); i++) {
            List<Type> captures = sites.get(i).shape.captures();
            captureSlots[i] = new int[captures.size()];
            for (int c = 0; c < captures.size(); c++) {
                captureSlots[i][c] = marks.local(LoweringMarks.Role.CAPTURE, locals.add(captures.get(c)));
            }
        }
    }

    /** As {@link OpenCodedLowering}'s rule with a shared handler: a site with work before its call keeps a bit. */
    private static boolean flaggedByCapture(ActionSite site) {
        boolean conditional = site.kind == SiteKind.ON_ERROR || site.kind == SiteKind.ON_SUCCESS;
        return site.shape.registrationLeavesNonNullCapture() && !conditional && site.shape.recoverToken == null;
    }

    boolean contains(ActionSite site) {
        return index.containsKey(site);
    }

    /** Masks cleared and captures set to their default: the epilogue reads them whatever path led there. */
    void emitPrologue(InsnList out) {
        for (int mask : masks) {
            out.add(new InsnNode(Opcodes.ICONST_0));
            out.add(Locals.store(Type.INT_TYPE, mask));
        }
        for (int i = 0; i < sites.size(); i++) {
            List<Type> captures = sites.get(i).shape.captures();
            for (int c = 0; c < captures.size(); c++) {
                out.add(Bytecode.pushDefault(captures.get(c)));
                out.add(Locals.store(captures.get(c), captureSlots[i][c]));
            }
        }
    }

    /** ..., c1, ..., cn -> ...   captures stored, bit set */
    InsnList registration(ActionSite site) {
        int i = index.get(site);
        InsnList out = new InsnList();
        List<Type> captures = site.shape.captures();
        for (int c = captures.size() - 1; c >= 0; c--) {
            out.add(Locals.store(captures.get(c), captureSlots[i][c]));
        }
        if (bits[i] >= 0) {
            int mask = masks[bits[i] / BITS_PER_MASK];
            out.add(Locals.load(Type.INT_TYPE, mask));
            out.add(Bytecode.pushInt(1 << (bits[i] % BITS_PER_MASK)));
            out.add(new InsnNode(Opcodes.IOR));
            out.add(Locals.store(Type.INT_TYPE, mask));
        }
        return out;
    }

    /**
     * Runs the registered sites of {@code group} (in registration order) last first, each cleared
     * before its call so that the shared handler's restart skips it.
     */
    void emitEpilogue(InsnList out, MethodLowering lowering, List<ActionSite> group) {
        if (group.isEmpty()) {
            return;
        }
        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        out.add(start);
        for (int g = group.size() - 1; g >= 0; g--) {
            ActionSite site = group.get(g);
            int i = index.get(site);
            LabelNode next = new LabelNode();
            List<Type> captures = site.shape.captures();
            int[] slots = captureSlots[i];
            IntConsumer load = c -> out.add(Locals.load(captures.get(c), slots[c]));
            IntConsumer loadForCall = load;
            if (bits[i] >= 0) {
                // if ((mask & bit) == 0) skip; mask ^= bit
                int mask = masks[bits[i] / BITS_PER_MASK];
                int bit = 1 << (bits[i] % BITS_PER_MASK);
                out.add(Locals.load(Type.INT_TYPE, mask));
                out.add(Bytecode.pushInt(bit));
                out.add(new InsnNode(Opcodes.IAND));
                out.add(new JumpInsnNode(Opcodes.IFEQ, next));
                out.add(Locals.load(Type.INT_TYPE, mask));
                out.add(Bytecode.pushInt(bit));
                out.add(new InsnNode(Opcodes.IXOR));
                out.add(Locals.store(Type.INT_TYPE, mask));
            } else {
                out.add(Locals.load(captures.get(0), slots[0]));
                out.add(new JumpInsnNode(Opcodes.IFNULL, next));
                // ... -> ..., receiver   and its local cleared
                loadForCall = c -> {
                    out.add(Locals.load(captures.get(c), slots[c]));
                    if (c == 0) {
                        out.add(new InsnNode(Opcodes.ACONST_NULL));
                        out.add(Locals.store(captures.get(0), slots[0]));
                    }
                };
            }
            lowering.emitGuardedCall(out, site, load, loadForCall, next, true, MethodLowering.Handling.SHARED);
            out.add(next);
        }
        out.add(end);
        lowering.coverWithSharedHandler(start, end);
    }
}
