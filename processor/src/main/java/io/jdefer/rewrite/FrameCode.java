package io.jdefer.rewrite;

import java.util.function.Consumer;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Bytecode both frame protocols emit ({@link EntryStacks}, {@link OneLayoutEntries}): the empty
 * stand-ins for the stacks, borrowing the frame, asking it for a stack with room, and a
 * primitive's {@code long} slot there and back; and the growth flag (D24).
 */
final class FrameCode {
    static final Type FRAME = Type.getObjectType(JvmNames.FRAME);

    private FrameCode() {}

    /**
     * A frame method's {@code private static synthetic boolean} in its class (D24): set at the first
     * exit that gives a borrowed frame back, read by the prologue, which then borrows the frame before the
     * body runs, so that a loop that registers holds no pool code (a {@code ThreadLocal} read or a
     * call there makes every field the loop reads loop-variant, and C2 does not count the loop).
     */
    record GrowthFlag(String owner, String name) {
        static final String DESCRIPTOR = "Z";

        void read(InsnList out) {
            out.add(new FieldInsnNode(Opcodes.GETSTATIC, owner, name, DESCRIPTOR));
        }
    }

    /** {@code stack = DeferFrame.<empty>}: a zero-length stand-in until a frame is borrowed, so that a room test fails */
    static void startEmpty(InsnList out, int stack, String empty, Type type) {
        out.add(new FieldInsnNode(Opcodes.GETSTATIC, JvmNames.FRAME, empty, type.getDescriptor()));
        out.add(new VarInsnNode(Opcodes.ASTORE, stack));
    }

    /**
     * {@code if (!flag) flag = true}: at the exit that gives a borrowed frame back, once per method
     * rather than once per registration (D24); tested first, since a write at every call would move
     * the class's statics between cores.
     */
    static void setOnce(InsnList out, GrowthFlag flag) {
        LabelNode set = new LabelNode();
        flag.read(out);
        out.add(new JumpInsnNode(Opcodes.IFNE, set));
        out.add(new InsnNode(Opcodes.ICONST_1));
        out.add(new FieldInsnNode(Opcodes.PUTSTATIC, flag.owner(), flag.name(), GrowthFlag.DESCRIPTOR));
        out.add(set);
    }

    /** {@code if (frame == null) frame = FramePool.acquire()}: the frame at the registration that first needs it */
    static void borrowIfNone(InsnList out, int frame) {
        LabelNode haveFrame = new LabelNode();
        out.add(Locals.load(FRAME, frame));
        out.add(new JumpInsnNode(Opcodes.IFNONNULL, haveFrame));
        acquire(out, frame);
        out.add(haveFrame);
    }

    /** {@code frame = FramePool.acquire()} */
    static void acquire(InsnList out, int frame) {
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, JvmNames.FRAME_POOL, "acquire", "()" + JvmNames.FRAME_DESCRIPTOR, false));
        out.add(Locals.store(FRAME, frame));
    }

    /**
     * {@code if (flag) { frame = FramePool.acquire(); stacks = frame.xStack(1) }}: the prologue's
     * borrow once a call of the method has borrowed (D24); {@code stacks} asks for each.
     */
    static void borrowEarly(InsnList out, int frame, GrowthFlag flag, Consumer<InsnList> stacks) {
        LabelNode skip = new LabelNode();
        flag.read(out);
        out.add(new JumpInsnNode(Opcodes.IFEQ, skip));
        acquire(out, frame);
        stacks.accept(out);
        out.add(skip);
    }

    /**
     * {@code stack = frame.xStack(size)}: the frame's array with room for {@code size} slots, grown by
     * the runtime (values kept), so that the method has no loop of its own there; {@code pushSize}
     * pushes the size.
     */
    static void withRoom(InsnList out, int frame, int stack, String getter, Type type, Runnable pushSize) {
        out.add(Locals.load(FRAME, frame));
        pushSize.run();
        out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, JvmNames.FRAME, getter, "(I)" + type.getDescriptor(), false));
        out.add(new VarInsnNode(Opcodes.ASTORE, stack));
    }

    /** {@code stack = frame.xStack(1)}: the frame's array as it is, for the prologue's borrow (D24) */
    static void withRoomForOne(InsnList out, int frame, int stack, String getter, Type type) {
        withRoom(out, frame, stack, getter, type, () -> out.add(new InsnNode(Opcodes.ICONST_1)));
    }

    /** ..., value -> ..., slot   a primitive as the {@code long} the stack holds (floats and doubles as raw bits). */
    static void toSlot(InsnList out, Type type) {
        switch (type.getSort()) {
            case Type.LONG:
            case Type.ARRAY:
            case Type.OBJECT:
                return;
            case Type.FLOAT:
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false));
                out.add(new InsnNode(Opcodes.I2L));
                return;
            case Type.DOUBLE:
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false));
                return;
            default:
                out.add(new InsnNode(Opcodes.I2L));
        }
    }

    /** ..., slot -> ..., value   the inverse of {@link #toSlot}, without the reference's cast. */
    static void fromSlot(InsnList out, Type type) {
        switch (type.getSort()) {
            case Type.LONG:
            case Type.ARRAY:
            case Type.OBJECT:
                return;
            case Type.FLOAT:
                out.add(new InsnNode(Opcodes.L2I));
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false));
                return;
            case Type.DOUBLE:
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false));
                return;
            default:
                out.add(new InsnNode(Opcodes.L2I));
        }
    }
}
