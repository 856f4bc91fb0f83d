package io.jdefer.rewrite;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Where the runtime classes that rewritten code calls on an error path are first loaded (D17, D25):
 * {@code Deferrals}, whose {@code merge} the handlers call, and {@code Recovery}, whose
 * {@code offer} and {@code result} they call for an action that may {@code recover()}. A class first
 * loaded while a {@code StackOverflowError} unwinds can fail to load for good (the class path drops
 * the jar it was opening), so each is read on a normal path before any handler can need it.
 *
 * <p>The class's static initializer reads them when that changes nothing a program can see (D25):
 * a class is initialized before any of its methods runs, so one read serves every method, and no
 * rewritten method carries one. Adding a static initializer to a class that had none changes its
 * default {@code serialVersionUID}, so a class that may be serializable, declares no
 * {@code serialVersionUID} and has no static initializer keeps the reads in each method (D17).
 */
final class RuntimeLoad {
    private static final String SERIALIZABLE = "java/io/Serializable";

    private RuntimeLoad() {}

    /** Whether the static initializer of {@code owner} may read the runtime for every method of it (D25). */
    static boolean byInitializer(ClassNode owner, ClassShapes shapes) {
        return initializer(owner) != null || declaresSerialVersionUid(owner) || provablyNotSerializable(owner, shapes);
    }

    /** {@code getstatic runtime.CONSTANT; pop}: reads one of the runtime's constants, which loads and initializes its class. */
    static void read(InsnList out, String runtimeClass) {
        out.add(constant(runtimeClass));
        out.add(new InsnNode(Opcodes.POP));
    }

    /** ... -> ..., constant   {@code Deferrals.NONE} (null) or {@code Recovery.READY}; JIT-compiled code folds it. */
    static FieldInsnNode constant(String runtimeClass) {
        return runtimeClass.equals(JvmNames.RECOVERY)
                ? new FieldInsnNode(Opcodes.GETSTATIC, JvmNames.RECOVERY, "READY", "Z")
                : new FieldInsnNode(Opcodes.GETSTATIC, JvmNames.DEFERRALS, "NONE", "L" + JvmNames.THROWABLE + ";");
    }

    /** Reads {@code runtimeClasses} first thing in the static initializer of {@code owner}, which it adds when there is none. */
    static MethodNode emitInInitializer(ClassNode owner, List<String> runtimeClasses) {
        MethodNode clinit = initializer(owner);
        if (clinit == null) {
            clinit = new MethodNode(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
            clinit.instructions.add(new InsnNode(Opcodes.RETURN));
            owner.methods.add(clinit);
        }
        InsnList reads = new InsnList();
        for (String runtimeClass : runtimeClasses) {
            read(reads, runtimeClass);
        }
        clinit.instructions.insert(reads);
        return clinit;
    }

    private static MethodNode initializer(ClassNode owner) {
        return owner.methods.stream().filter(m -> m.name.equals("<clinit>")).findFirst().orElse(null);
    }

    /** As serialization reads it ({@code ObjectStreamClass}): a {@code static final long}; any other is ignored there. */
    private static boolean declaresSerialVersionUid(ClassNode owner) {
        int staticFinal = Opcodes.ACC_STATIC | Opcodes.ACC_FINAL;
        for (FieldNode field : owner.fields) {
            if (field.name.equals("serialVersionUID") && field.desc.equals("J") && (field.access & staticFinal) == staticFinal) {
                return true;
            }
        }
        return false;
    }

    /** Every supertype is known and none is {@code Serializable}; an interface is never serialized itself. */
    private static boolean provablyNotSerializable(ClassNode owner, ClassShapes shapes) {
        if ((owner.access & Opcodes.ACC_INTERFACE) != 0) {
            return true;
        }
        List<String> direct = new ArrayList<>(owner.interfaces);
        if (owner.superName != null) {
            direct.add(owner.superName);
        }
        for (String supertype : direct) {
            for (String type : Supertypes.all(shapes, supertype)) {
                if (type.equals(SERIALIZABLE) || !type.equals(JvmNames.OBJECT) && shapes.shape(type) == null) {
                    return false;
                }
            }
        }
        return true;
    }
}
