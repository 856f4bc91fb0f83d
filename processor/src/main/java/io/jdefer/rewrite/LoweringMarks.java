package io.jdefer.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ByteVector;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The {@code JdeferLowering} method attribute: what the rewriter did to a method, so that the dump
 * tool can mark every instruction jdefer added in any class file, without the original at hand
 * (SPEC section 6). The JVM ignores attributes it does not know. Format, version 2:
 *
 * <pre>
 *   u1 version = 2
 *   u1 strategy            0 none (only the recover() hand-off), 1 open-coded, 2 frame
 *   u2 site_count          then per site: u1 kind (0 defer, 1 deferOnError, 2 deferOnSuccess,
 *                          3 @Defer local), u2 source line (0: unknown), u1 dynamic (1: on a cycle)
 *   u2 region_count        then per region: u1 kind, u2 start_pc, u2 end_pc (exclusive)
 *                          kinds: 0 prologue, 1 registration, 2 exit (a return routed to the
 *                          epilogue), 3 epilogue, 4 recover hand-off
 *   u2 local_count         then per local jdefer added: u1 role, u2 slot
 *                          roles: 0 pending (the pending throwable P), 1 result, 2 mask,
 *                          3 capture, 4 frame, 5 refs (frame entry's reference base),
 *                          6 prims (its primitive base), 7 temp (a capture on its way to the
 *                          frame), 8 claimed (what a recover() target took), 9 claimed flag,
 *                          10 stack (the frame's value array, compact entries), 11 top (its top)
 * </pre>
 * Version 1 had no local table.
 */
final class LoweringMarks extends Attribute {
    static final String NAME = "JdeferLowering";
    static final int VERSION = 2;

    enum Region {
        PROLOGUE,
        REGISTRATION,
        EXIT,
        EPILOGUE,
        RECOVER
    }

    private record Site(int kind, int line, boolean dynamic) {}

    private record Range(Region kind, LabelNode start, LabelNode end) {}

    /** What a local variable slot jdefer added holds. */
    enum Role {
        PENDING,
        RESULT,
        MASK,
        CAPTURE,
        FRAME,
        REFS,
        PRIMS,
        TEMP,
        CLAIMED,
        CLAIMED_FLAG,
        STACK,
        TOP
    }

    private record Local(Role role, int slot) {}

    private int strategy;
    private final List<Site> sites = new ArrayList<>();
    private final List<Range> ranges = new ArrayList<>();
    private final List<Local> locals = new ArrayList<>();

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
        strategy = lowering == Strategy.OPEN_CODED ? 1 : 2;
    }

    void site(ActionSite site, boolean dynamic) {
        sites.add(new Site(site.kind.ordinal(), Math.max(site.line, 0), dynamic));
    }

    void region(Region kind, LabelNode start, LabelNode end) {
        ranges.add(new Range(kind, start, end));
    }

    /** Records what {@code slot} holds; returns the slot. */
    int local(Role role, int slot) {
        locals.add(new Local(role, slot));
        return slot;
    }

    /** Follows a shift of every local at or above {@code slot} by one (a parameter inserted before them). */
    void shiftLocals(int slot) {
        locals.replaceAll(local -> local.slot() >= slot ? new Local(local.role(), local.slot() + 1) : local);
    }

    /** Replaces {@code insn} with {@code replacement} in {@code code}, and marks the new code as {@code kind}. */
    void replace(InsnList code, AbstractInsnNode insn, InsnList replacement, Region kind) {
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
    void catchAll(MethodNode method, InsnList handler, Region kind) {
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

    @Override
    public boolean isUnknown() {
        return false;
    }

    @Override
    protected ByteVector write(ClassWriter classWriter, byte[] code, int codeLength, int maxStack, int maxLocals) {
        ByteVector out = new ByteVector();
        out.putByte(VERSION);
        out.putByte(strategy);
        out.putShort(sites.size());
        for (Site site : sites) {
            out.putByte(site.kind()).putShort(site.line()).putByte(site.dynamic() ? 1 : 0);
        }
        out.putShort(ranges.size());
        for (Range range : ranges) {
            out.putByte(range.kind().ordinal())
                    .putShort(range.start().getLabel().getOffset())
                    .putShort(range.end().getLabel().getOffset());
        }
        out.putShort(locals.size());
        for (Local local : locals) {
            out.putByte(local.role().ordinal()).putShort(local.slot());
        }
        return out;
    }
}
