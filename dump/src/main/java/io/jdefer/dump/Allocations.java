package io.jdefer.dump;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Which instructions of a method's own bytecode allocate on the heap (docs/dump.md, "Allocation
 * sites"). A static reading: a callee that allocates is not seen, and the JIT may remove an
 * allocation that does not escape. What counts:
 *
 * <ul>
 *   <li>{@code new}, {@code newarray}, {@code anewarray}, {@code multianewarray};
 *   <li>{@code invokedynamic} of a lambda or method reference that captures a value (a capturing
 *       lambda is a new object per evaluation; a non-capturing one is a constant after linkage and
 *       does not count), of a string concatenation, of a record's {@code toString}, or of a
 *       bootstrap the dump does not know (counted, to be safe);
 *   <li>boxing: {@code Integer.valueOf(int)} and its siblings ({@code Boolean.valueOf(boolean)}
 *       returns one of two constants and does not count);
 *   <li>{@code clone()} of an array.
 * </ul>
 */
final class Allocations {
    private Allocations() {}

    /** The kind of allocation {@code insn} makes, or {@code null}. */
    static String of(AbstractInsnNode insn) {
        switch (insn.getOpcode()) {
            case Opcodes.NEW:
                return "new " + ((TypeInsnNode) insn).desc;
            case Opcodes.NEWARRAY:
                return "newarray";
            case Opcodes.ANEWARRAY:
                return "anewarray " + ((TypeInsnNode) insn).desc;
            case Opcodes.MULTIANEWARRAY:
                return "multianewarray " + ((MultiANewArrayInsnNode) insn).desc;
            case Opcodes.INVOKEDYNAMIC:
                return indy((InvokeDynamicInsnNode) insn);
            case Opcodes.INVOKESTATIC:
                return boxing((MethodInsnNode) insn);
            case Opcodes.INVOKEVIRTUAL: {
                MethodInsnNode call = (MethodInsnNode) insn;
                return call.owner.startsWith("[") && call.name.equals("clone") ? "array clone" : null;
            }
            default:
                return null;
        }
    }

    private static String indy(InvokeDynamicInsnNode indy) {
        Handle bsm = indy.bsm;
        String owner = bsm.getOwner();
        switch (owner) {
            case "java/lang/invoke/LambdaMetafactory":
                return Type.getArgumentTypes(indy.desc).length == 0 ? null : "capturing lambda " + indy.name + ":" + indy.desc;
            case "java/lang/invoke/StringConcatFactory":
                return "string concatenation";
            case "java/lang/runtime/SwitchBootstraps":
                return null;
            case "java/lang/runtime/ObjectMethods":
                return indy.name.equals("toString") ? "record toString" : null;
            default:
                return "invokedynamic " + owner.substring(owner.lastIndexOf('/') + 1) + "." + bsm.getName();
        }
    }

    private static String boxing(MethodInsnNode call) {
        if (!call.name.equals("valueOf")) {
            return null;
        }
        String box;
        switch (call.owner) {
            case "java/lang/Integer":
                box = "I";
                break;
            case "java/lang/Long":
                box = "J";
                break;
            case "java/lang/Short":
                box = "S";
                break;
            case "java/lang/Byte":
                box = "B";
                break;
            case "java/lang/Character":
                box = "C";
                break;
            case "java/lang/Float":
                box = "F";
                break;
            case "java/lang/Double":
                box = "D";
                break;
            default:
                return null;
        }
        return call.desc.equals("(" + box + ")L" + call.owner + ";")
                ? "boxing " + call.owner.substring("java/lang/".length()) : null;
    }
}
