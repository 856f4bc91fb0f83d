package io.jdefer.dump;

import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;

/**
 * What ASM's tree API does not keep: each method's raw code array, the pc of every instruction,
 * and the raw {@code JdeferLowering} attribute. The dump needs pcs because the attribute records
 * jdefer's regions as pc ranges, and because a listing that shows pcs reads like {@code javap -c}.
 *
 * <p>Walks the class file with {@link ClassReader}'s public readers (JVMS 4.1, 4.6, 4.7.3).
 */
final class ClassFileLayout {
    /** One method's code: the raw bytes and the pc of each instruction, in order. */
    record Code(byte[] bytes, int[] pcs, byte[] lowering) {}

    private final Map<String, Code> methods = new HashMap<>();

    private ClassFileLayout() {}

    static ClassFileLayout of(byte[] classFile) {
        ClassFileLayout layout = new ClassFileLayout();
        ClassReader reader = new ClassReader(classFile);
        char[] buffer = new char[reader.getMaxStringLength()];
        int at = reader.header + 6;
        at += 2 + 2 * reader.readUnsignedShort(at);
        int fields = reader.readUnsignedShort(at);
        at += 2;
        for (int i = 0; i < fields; i++) {
            at = skipMember(reader, at);
        }
        int count = reader.readUnsignedShort(at);
        at += 2;
        for (int i = 0; i < count; i++) {
            String name = reader.readUTF8(at + 2, buffer);
            String descriptor = reader.readUTF8(at + 4, buffer);
            int attributes = reader.readUnsignedShort(at + 6);
            at += 8;
            byte[] code = null;
            byte[] lowering = null;
            for (int a = 0; a < attributes; a++) {
                String attribute = reader.readUTF8(at, buffer);
                int length = reader.readInt(at + 2);
                int content = at + 6;
                if (attribute.equals("Code")) {
                    int codeLength = reader.readInt(content + 4);
                    code = copy(classFile, content + 8, codeLength);
                } else if (attribute.equals(io.jdefer.plan.JdeferLowering.ATTRIBUTE)) {
                    lowering = copy(classFile, content, length);
                }
                at = content + length;
            }
            if (code != null || lowering != null) {
                byte[] bytes = code == null ? new byte[0] : code;
                layout.methods.put(name + descriptor, new Code(bytes, Bytecodes.pcs(bytes), lowering));
            }
        }
        return layout;
    }

    /** The code of method {@code name + descriptor}, or {@code null} when it has none. */
    Code code(String nameAndDescriptor) {
        return methods.get(nameAndDescriptor);
    }

    private static int skipMember(ClassReader reader, int at) {
        int attributes = reader.readUnsignedShort(at + 6);
        at += 8;
        for (int a = 0; a < attributes; a++) {
            at += 6 + reader.readInt(at + 2);
        }
        return at;
    }

    private static byte[] copy(byte[] from, int offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(from, offset, out, 0, length);
        return out;
    }
}
