package io.jdefer.rewrite;

import io.jdefer.plan.FramePlan;
import io.jdefer.plan.JdeferLowering;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ByteVector;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * Collects, while the emitters lower a method, what the {@code JdeferLowering} attribute says of
 * it: the strategy and the gate's reason, a frame method's {@link FramePlan}, the sites (kind, line, bit or capture flag, action), the
 * pc ranges of every part of the code jdefer added, and the role of each local it added. When the
 * class is written, the labels have their offsets and this becomes one {@link JdeferLowering}
 * record, whose {@link JdeferLowering#write()} is the attribute (format there). The dump tool reads
 * it back with {@link JdeferLowering#read(byte[])}: nothing it marks is re-derived from patterns.
 */
final class LoweringMarks extends Attribute {
    static final String NAME = JdeferLowering.ATTRIBUTE;
    static final int VERSION = JdeferLowering.VERSION;

    /** The region kinds, under the names the emitters use ({@code LoweringMarks.Region.EPILOGUE}). */
    interface Region {
        JdeferLowering.RegionKind PROLOGUE = JdeferLowering.RegionKind.PROLOGUE;
        JdeferLowering.RegionKind REGISTRATION = JdeferLowering.RegionKind.REGISTRATION;
        JdeferLowering.RegionKind EXIT = JdeferLowering.RegionKind.EXIT;
        JdeferLowering.RegionKind EPILOGUE = JdeferLowering.RegionKind.EPILOGUE;
        JdeferLowering.RegionKind RECOVER = JdeferLowering.RegionKind.RECOVER;
        JdeferLowering.RegionKind MASK = JdeferLowering.RegionKind.MASK;
        JdeferLowering.RegionKind FRAME = JdeferLowering.RegionKind.FRAME;
        JdeferLowering.RegionKind ACTION = JdeferLowering.RegionKind.ACTION;
        JdeferLowering.RegionKind MERGE = JdeferLowering.RegionKind.MERGE;
        JdeferLowering.RegionKind PENDING_TEST = JdeferLowering.RegionKind.PENDING_TEST;
    }

    /** The local roles, under the names the emitters use ({@code LoweringMarks.Role.MASK}). */
    interface Role {
        JdeferLowering.Role PENDING = JdeferLowering.Role.PENDING;
        JdeferLowering.Role RESULT = JdeferLowering.Role.RESULT;
        JdeferLowering.Role MASK = JdeferLowering.Role.MASK;
        JdeferLowering.Role CAPTURE = JdeferLowering.Role.CAPTURE;
        JdeferLowering.Role FRAME = JdeferLowering.Role.FRAME;
        JdeferLowering.Role REFS = JdeferLowering.Role.REFS;
        JdeferLowering.Role PRIMS = JdeferLowering.Role.PRIMS;
        JdeferLowering.Role TEMP = JdeferLowering.Role.TEMP;
        JdeferLowering.Role CLAIMED = JdeferLowering.Role.CLAIMED;
        JdeferLowering.Role CLAIMED_FLAG = JdeferLowering.Role.CLAIMED_FLAG;
        JdeferLowering.Role STACK = JdeferLowering.Role.STACK;
        JdeferLowering.Role TOP = JdeferLowering.Role.TOP;
    }

    private record Site(ActionSite site, boolean dynamic) {}

    private record Range(JdeferLowering.RegionKind kind, LabelNode start, LabelNode end, ActionSite site) {}

    private JdeferLowering.Strategy strategy = JdeferLowering.Strategy.NONE;
    private String reason = "";
    private String growthFlag = "";
    private FramePlan frame;
    private final List<Site> sites = new ArrayList<>();
    private final Map<ActionSite, Integer> bits = new IdentityHashMap<>();
    private final List<Range> ranges = new ArrayList<>();
    private final List<JdeferLowering.Local> locals = new ArrayList<>();

    private LoweringMarks() {
        super(NAME);
    }

    /** The marks of {@code method}, added to it on first use. */
    static LoweringMarks of(MethodNode method) {
        if (method.attrs == null) {
            method.attrs = new ArrayList<>();
        }
        for (Attribute attribute : method.attrs) {
            if (attribute instanceof LoweringMarks) {
                return (LoweringMarks) attribute;
            }
        }
        LoweringMarks marks = new LoweringMarks();
        method.attrs.add(marks);
        return marks;
    }

    void strategy(Strategy lowering) {
        strategy = lowering == Strategy.OPEN_CODED ? JdeferLowering.Strategy.OPEN_CODED : JdeferLowering.Strategy.FRAME;
    }

    /** Marks the method as an exceptional exit jdefer added to the class (D37, {@link UnwindMethods}). */
    void addedExit() {
        strategy = JdeferLowering.Strategy.EXIT;
    }

    /** The plan's flag that makes the prologue borrow (D24; {@code MethodPlan.growthFlag()}), or empty. */
    void growthFlag(String name) {
        growthFlag = name;
    }

    /** How a frame method keeps its registrations ({@code MethodPlan.frame()}), or {@code null}. */
    void frame(FramePlan plan) {
        frame = plan;
    }

    /** Why {@link StrategyGate} chose the strategy ({@code StrategyGate.Decision.reason()}). */
    void reason(String why) {
        reason = why;
    }

    /** Records the next site in registration order; its id is its index. */
    void site(ActionSite site, boolean dynamic) {
        sites.add(new Site(site, dynamic));
    }

    /** The open-coded bit of {@code site}, or -1 when its first capture flags its registration. */
    void bit(ActionSite site, int bit) {
        bits.put(site, bit);
    }

    void region(JdeferLowering.RegionKind kind, LabelNode start, LabelNode end) {
        ranges.add(new Range(kind, start, end, null));
    }

    /** A region that belongs to {@code site} (its registration, its action call). */
    void region(JdeferLowering.RegionKind kind, LabelNode start, LabelNode end, ActionSite site) {
        ranges.add(new Range(kind, start, end, site));
    }

    /**
     * {@code ..., thrown -> ..., merged}: {@code owner.name(P, thrown)} ({@code Deferrals.merge},
     * or {@code Recovery.finishThrown} after an offer), the call marked as the merge (S4).
     */
    void mergeCall(InsnList out, int pending, String owner, String name) {
        out.add(Locals.load(Type.getObjectType(JvmNames.THROWABLE), pending));
        out.add(new InsnNode(Opcodes.SWAP));
        LabelNode merge = start(out);
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, owner, name, JvmNames.MERGE_DESCRIPTOR, false));
        end(out, Region.MERGE, merge);
    }

    /** Starts a region at the end of {@code out}; {@link #end} closes it. */
    LabelNode start(InsnList out) {
        LabelNode start = new LabelNode();
        out.add(start);
        return start;
    }

    /** Closes the region {@link #start} opened, as {@code kind}. */
    void end(InsnList out, JdeferLowering.RegionKind kind, LabelNode start) {
        end(out, kind, start, null);
    }

    /** Closes the region {@link #start} opened, as {@code kind} of {@code site}. */
    void end(InsnList out, JdeferLowering.RegionKind kind, LabelNode start, ActionSite site) {
        LabelNode end = new LabelNode();
        out.add(end);
        ranges.add(new Range(kind, start, end, site));
    }

    /**
     * Records what {@code slot} holds; returns the slot. A slot past the JVM's last one is not
     * recorded: the method is then rejected as TOO_MANY_LOCALS before anything is written (JvmLimits).
     */
    int local(JdeferLowering.Role role, int slot) {
        if (slot < JvmLimits.MAX_LOCALS) {
            locals.add(new JdeferLowering.Local(role, slot));
        }
        return slot;
    }

    /** Follows a shift of every local at or above {@code slot} by one (a parameter inserted before them). */
    void shiftLocals(int slot) {
        locals.removeIf(local -> local.slot() + 1 >= JvmLimits.MAX_LOCALS);
        locals.replaceAll(local -> local.slot() >= slot ? new JdeferLowering.Local(local.role(), local.slot() + 1) : local);
    }

    /** Replaces {@code insn} with {@code replacement} in {@code code}, and marks the new code as {@code kind}. */
    void replace(InsnList code, AbstractInsnNode insn, InsnList replacement, JdeferLowering.RegionKind kind) {
        LabelNode from = new LabelNode();
        LabelNode to = new LabelNode();
        replacement.insert(from);
        replacement.add(to);
        code.insertBefore(insn, replacement);
        code.remove(insn);
        region(kind, from, to);
    }

    /**
     * Puts a catch-all handler around all of {@code method}'s code so far, last in its exception
     * table so the method's own handlers win; {@code handler} receives the throwable on the stack.
     * Marks the handler as {@code kind}.
     */
    void catchAll(MethodNode method, InsnList handler, JdeferLowering.RegionKind kind) {
        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        LabelNode entry = new LabelNode();
        LabelNode last = new LabelNode();
        method.instructions.insert(start);
        method.instructions.add(end);
        method.instructions.add(entry);
        method.instructions.add(handler);
        method.instructions.add(last);
        method.tryCatchBlocks.add(new TryCatchBlockNode(start, end, entry, null));
        region(kind, end, last);
    }

    /** The record, once the code is written and the labels have their offsets. */
    JdeferLowering toRecord() {
        List<JdeferLowering.Site> planned = new ArrayList<>(sites.size());
        Map<ActionSite, Integer> ids = new IdentityHashMap<>();
        for (int i = 0; i < sites.size(); i++) {
            ActionSite site = sites.get(i).site();
            ids.put(site, i);
            int bit = bits.getOrDefault(site, -1);
            boolean flagged = strategy == JdeferLowering.Strategy.OPEN_CODED && bit < 0;
            planned.add(new JdeferLowering.Site(i, site.kind, Math.max(site.line, 0), sites.get(i).dynamic(), flagged, bit,
                    action(site.shape)));
        }
        List<JdeferLowering.Region> regions = new ArrayList<>(ranges.size());
        for (Range range : ranges) {
            int start = range.start().getLabel().getOffset();
            int end = range.end().getLabel().getOffset();
            if (end < start) {
                throw new IllegalStateException("have a " + range.kind() + " region from pc " + start + " to " + end + ", want start <= end");
            }
            Integer site = range.site() == null ? Integer.valueOf(-1) : ids.get(range.site());
            if (site == null) {
                throw new IllegalStateException("have a " + range.kind() + " region of " + range.site() + ", want a site of the method");
            }
            if (end > start) {
                regions.add(new JdeferLowering.Region(range.kind(), start, end, site));
            }
        }
        return new JdeferLowering(strategy, reason, growthFlag, frame, planned, regions, locals);
    }

    /** The dump's text for an action: {@code Tx.rollback}, {@code lambda body lambda$m$0}, {@code Action.run}, {@code @Defer Res.close}. */
    static String action(ActionShape shape) {
        if (shape instanceof ActionShape.LocalMethod) {
            return "@Defer " + shape.describe();
        }
        if (shape instanceof ActionShape.Direct && ((ActionShape.Direct) shape).impl.getName().startsWith("lambda$")) {
            return "lambda body " + ((ActionShape.Direct) shape).impl.getName();
        }
        return shape.describe();
    }

    @Override
    public boolean isUnknown() {
        return false;
    }

    @Override
    protected ByteVector write(ClassWriter classWriter, byte[] code, int codeLength, int maxStack, int maxLocals) {
        byte[] content = toRecord().write();
        return new ByteVector(content.length).putByteArray(content, 0, content.length);
    }
}
