package io.jdefer.rewrite;

import io.jdefer.plan.SiteKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The user's own locals as a site's capture locals, for {@link FinallyShape}: when each capture is
 * pushed by a load of a local that nothing after the registration writes ({@code final ReentrantLock
 * lock = this.lock; lock.lock(); defer(lock::unlock);}), that local holds the captured value at
 * every exit, so the exits load it as javac's {@code finally} would and the registration stores
 * nothing (S1: the value is still the one at registration, since nothing writes the local after it).
 *
 * <p>A bound method reference's receiver comes with javac's null check ({@code dup;
 * Objects.requireNonNull; pop}); it stays (without the {@code dup}) unless the instruction right
 * before the load is a call with no arguments on the same local, which has just proved it non-null
 * ({@code lock.lock(); defer(lock::unlock)}).
 *
 * <p>A receiver read from a final field of this class that a call right before has just proved
 * non-null ({@code this.lock.lock(); defer(this.lock::unlock)}, or a {@code static final} lock) is
 * read from the field again at each exit, as javac's {@code finally} does (D27): a final field
 * holds one value once it is set, and it was set, since the call did not throw. Its slot is
 * {@code -1}.
 */
final class CaptureLocals {
    /** The local of each capture, or {@code -1} for the receiver read again from its final field. */
    final int[] slots;
    /** The instructions that go: the loads, and the null check's {@code dup} or all of it. */
    private final List<AbstractInsnNode> removed;
    /** The final field the receiver is read from again, or {@code null}. */
    private final FieldInsnNode field;

    private CaptureLocals(int[] slots, List<AbstractInsnNode> removed, FieldInsnNode field) {
        this.slots = slots;
        this.removed = removed;
        this.field = field;
    }

    /** ... -> ..., capture {@code c} */
    void load(InsnList out, Type type, int c) {
        if (slots[c] >= 0) {
            out.add(Locals.load(type, slots[c]));
            return;
        }
        if (field.getOpcode() == Opcodes.GETFIELD) {
            out.add(new VarInsnNode(Opcodes.ALOAD, 0));
        }
        out.add(new FieldInsnNode(field.getOpcode(), field.owner, field.name, field.desc));
    }

    /**
     * The locals for {@code site}'s captures, or {@code null} when some capture is not a plain load
     * of an unwritten local or a proved receiver from one of {@code finalFields}.
     */
    static CaptureLocals find(MethodNode method, ActionSite site, Set<AbstractInsnNode> after, FinalFields finalFields) {
        if (site.kind == SiteKind.DEFER_LOCAL) {
            // the @Defer local itself, unless javac gives its slot to another variable later
            VarInsnNode store = (VarInsnNode) site.anchor;
            Type type = site.shape.captures().get(0);
            return unwritten(store.var, type, after) ? new CaptureLocals(new int[] {store.var}, List.of(), null) : null;
        }
        if (site.factory == null || !(site.shape instanceof ActionShape.Direct)) {
            return null; // an Action object keeps its own local: the registration's null check needs the value (D6)
        }
        List<Type> captures = site.shape.captures();
        int[] slots = new int[captures.size()];
        List<AbstractInsnNode> removed = new ArrayList<>();
        AbstractInsnNode at = site.factory;
        for (int c = captures.size() - 1; c >= 0; c--) {
            at = Bytecode.previousInBlock(at);
            if (c == 0 && isNullCheckEnd(at)) {
                AbstractInsnNode call = Bytecode.previousInBlock(at);
                AbstractInsnNode dup = call == null ? null : Bytecode.previousInBlock(call);
                AbstractInsnNode load = dup == null ? null : Bytecode.previousInBlock(dup);
                if (dup != null && dup.getOpcode() == Opcodes.DUP && load instanceof FieldInsnNode && captures.size() == 1) {
                    FieldInsnNode read = (FieldInsnNode) load;
                    AbstractInsnNode start = fieldRead(method, read, finalFields);
                    if (start == null || !provedNonNull(method, start, read)) {
                        return null;
                    }
                    slots[c] = -1;
                    removed.add(at);
                    removed.add(call);
                    removed.add(dup);
                    removed.add(read);
                    if (start != read) {
                        removed.add(start);
                    }
                    return new CaptureLocals(slots, removed, read);
                }
                if (dup == null || dup.getOpcode() != Opcodes.DUP || !(load instanceof VarInsnNode)) {
                    return null;
                }
                if (provedNonNull(method, (VarInsnNode) load)) {
                    removed.add(at);
                    removed.add(call);
                    removed.add(dup);
                } else {
                    removed.add(dup); // ..., value -> ...   the check consumes the loaded value itself
                    slots[c] = ((VarInsnNode) load).var;
                    if (!unwritten(slots[c], captures.get(c), after) || !isLoad((VarInsnNode) load, captures.get(c))) {
                        return null;
                    }
                    continue;
                }
                at = load;
            }
            if (!(at instanceof VarInsnNode) || !isLoad((VarInsnNode) at, captures.get(c))) {
                return null;
            }
            slots[c] = ((VarInsnNode) at).var;
            if (!unwritten(slots[c], captures.get(c), after)) {
                return null;
            }
            removed.add(at);
        }
        return new CaptureLocals(slots, removed, null);
    }

    void removeLoads(InsnList code) {
        for (AbstractInsnNode insn : removed) {
            code.remove(insn);
        }
    }

    /** The {@code pop} that ends javac's {@code dup; Objects.requireNonNull; pop}. */
    private static boolean isNullCheckEnd(AbstractInsnNode insn) {
        if (insn == null || insn.getOpcode() != Opcodes.POP) {
            return false;
        }
        AbstractInsnNode call = Bytecode.previousInBlock(insn);
        return call instanceof MethodInsnNode && ((MethodInsnNode) call).owner.equals("java/util/Objects")
                && ((MethodInsnNode) call).name.equals("requireNonNull");
    }

    /**
     * {@code aload n; invoke m() on it; aload n}: the call did not throw, so {@code n} is not null.
     * Between the call and the load there may be a statement's line label, but no jump target.
     */
    private static boolean provedNonNull(MethodNode method, VarInsnNode load) {
        AbstractInsnNode receiver = receiverOfCallBefore(method, load);
        return receiver instanceof VarInsnNode && receiver.getOpcode() == Opcodes.ALOAD && ((VarInsnNode) receiver).var == load.var;
    }

    /**
     * {@code [aload_0;] get(static|field) F; invoke m() on it; [aload_0;] get(static|field) F}, from
     * {@code start} (the read's first instruction) on: the call did not throw, so {@code F} is not null.
     */
    private static boolean provedNonNull(MethodNode method, AbstractInsnNode start, FieldInsnNode read) {
        AbstractInsnNode receiver = receiverOfCallBefore(method, start);
        if (!(receiver instanceof FieldInsnNode) || receiver.getOpcode() != read.getOpcode()
                || !((FieldInsnNode) receiver).owner.equals(read.owner) || !((FieldInsnNode) receiver).name.equals(read.name)
                || !((FieldInsnNode) receiver).desc.equals(read.desc)) {
            return false;
        }
        return read.getOpcode() == Opcodes.GETSTATIC || isThis(Bytecode.previousInBlock(receiver));
    }

    /**
     * The first instruction of {@code read}, a read of one of {@code finalFields} ({@code aload_0} before a
     * {@code getfield} in a method that never writes local 0), or {@code null}.
     */
    private static AbstractInsnNode fieldRead(MethodNode method, FieldInsnNode read, FinalFields finalFields) {
        if (!finalFields.contains(read)) {
            return null;
        }
        if (read.getOpcode() == Opcodes.GETSTATIC) {
            return read;
        }
        AbstractInsnNode self = Bytecode.previousInBlock(read);
        if ((method.access & Opcodes.ACC_STATIC) != 0 || !isThis(self)) {
            return null;
        }
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof VarInsnNode && insn.getOpcode() == Opcodes.ASTORE && ((VarInsnNode) insn).var == 0) {
                return null;
            }
        }
        return self;
    }

    private static boolean isThis(AbstractInsnNode insn) {
        return insn instanceof VarInsnNode && insn.getOpcode() == Opcodes.ALOAD && ((VarInsnNode) insn).var == 0;
    }

    /**
     * The instruction that pushed the receiver of the call with no arguments right before {@code at}
     * (only line labels between, no jump target), or {@code null}.
     */
    private static AbstractInsnNode receiverOfCallBefore(MethodNode method, AbstractInsnNode at) {
        AbstractInsnNode call = at.getPrevious();
        while (call != null && !Bytecode.isReal(call)) {
            if (call instanceof LabelNode && isTarget(method, (LabelNode) call)) {
                return null;
            }
            call = call.getPrevious();
        }
        if (!(call instanceof MethodInsnNode) || (call.getOpcode() != Opcodes.INVOKEVIRTUAL && call.getOpcode() != Opcodes.INVOKEINTERFACE)
                || Type.getArgumentTypes(((MethodInsnNode) call).desc).length != 0) {
            return null;
        }
        return Bytecode.previousInBlock(call);
    }

    /** Whether some jump, switch or handler goes to {@code label}. */
    private static boolean isTarget(MethodNode method, LabelNode label) {
        for (TryCatchBlockNode block : method.tryCatchBlocks) {
            if (block.handler == label) {
                return true;
            }
        }
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof JumpInsnNode && ((JumpInsnNode) insn).label == label
                    || insn instanceof TableSwitchInsnNode && (((TableSwitchInsnNode) insn).dflt == label || ((TableSwitchInsnNode) insn).labels.contains(label))
                    || insn instanceof LookupSwitchInsnNode && (((LookupSwitchInsnNode) insn).dflt == label || ((LookupSwitchInsnNode) insn).labels.contains(label))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLoad(VarInsnNode insn, Type type) {
        return insn.getOpcode() == type.getOpcode(Opcodes.ILOAD);
    }

    /** Whether none of {@code insns} writes any of the slots of a {@code type} local at {@code slot}. */
    static boolean unwritten(int slot, Type type, Iterable<AbstractInsnNode> insns) {
        int end = slot + type.getSize();
        for (AbstractInsnNode insn : insns) {
            if (insn instanceof IincInsnNode && ((IincInsnNode) insn).var >= slot && ((IincInsnNode) insn).var < end) {
                return false;
            }
            if (insn instanceof VarInsnNode && insn.getOpcode() >= Opcodes.ISTORE && insn.getOpcode() <= Opcodes.ASTORE) {
                int var = ((VarInsnNode) insn).var;
                int size = insn.getOpcode() == Opcodes.LSTORE || insn.getOpcode() == Opcodes.DSTORE ? 2 : 1;
                if (var < end && var + size > slot) {
                    return false;
                }
            }
        }
        return true;
    }
}
