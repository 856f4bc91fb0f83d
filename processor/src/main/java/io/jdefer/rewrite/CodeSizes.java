package io.jdefer.rewrite;

import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;

/** The {@code code_length} of every method of a class file, keyed by {@code name + descriptor}. */
public final class CodeSizes {
    private CodeSizes() {}

    public static Map<String, Integer> of(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        char[] buffer = new char[reader.getMaxStringLength()];
        int offset = reader.header + 6;
        offset += 2 + 2 * reader.readUnsignedShort(offset);
        offset = skipMembers(reader, offset);
        Map<String, Integer> sizes = new HashMap<>();
        int methods = reader.readUnsignedShort(offset);
        offset += 2;
        for (int m = 0; m < methods; m++) {
            String name = reader.readUTF8(offset + 2, buffer);
            String descriptor = reader.readUTF8(offset + 4, buffer);
            int attributes = reader.readUnsignedShort(offset + 6);
            offset += 8;
            for (int a = 0; a < attributes; a++) {
                String attribute = reader.readUTF8(offset, buffer);
                int length = reader.readInt(offset + 2);
                if (attribute.equals("Code")) {
                    sizes.put(name + descriptor, reader.readInt(offset + 10));
                }
                offset += 6 + length;
            }
        }
        return sizes;
    }

    private static int skipMembers(ClassReader reader, int offset) {
        int count = reader.readUnsignedShort(offset);
        offset += 2;
        for (int i = 0; i < count; i++) {
            int attributes = reader.readUnsignedShort(offset + 6);
            offset += 8;
            for (int a = 0; a < attributes; a++) {
                offset += 6 + reader.readInt(offset + 2);
            }
        }
        return offset;
    }
}
