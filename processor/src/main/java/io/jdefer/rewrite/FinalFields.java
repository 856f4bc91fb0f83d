package io.jdefer.rewrite;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;

/** The final fields a class file declares, to tell a read of one of them (D27). */
final class FinalFields {
    private final String owner;
    /** {@code name:descriptor}, prefixed by {@code static } for a static field. */
    private final Set<String> keys = new HashSet<>();

    FinalFields(ClassNode type) {
        owner = type.name;
        for (FieldNode field : type.fields) {
            if ((field.access & Opcodes.ACC_FINAL) != 0) {
                keys.add(key((field.access & Opcodes.ACC_STATIC) != 0, field.name, field.desc));
            }
        }
    }

    /** Whether {@code read} ({@code getfield} or {@code getstatic}) reads a final field this class declares. */
    boolean contains(FieldInsnNode read) {
        return read.owner.equals(owner) && keys.contains(key(read.getOpcode() == Opcodes.GETSTATIC, read.name, read.desc));
    }

    private static String key(boolean isStatic, String name, String descriptor) {
        return (isStatic ? "static " : "") + name + ":" + descriptor;
    }
}
