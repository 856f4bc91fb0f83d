package io.jdefer.classfile;

import java.nio.charset.StandardCharsets;

/**
 * The cheap first look at a class file: which of a few UTF-8 constants its constant pool holds,
 * read without parsing anything else (the agent sees every class the JVM loads, SPEC section 5).
 * A class that names none of {@code io/jdefer/Defers}, {@code Lio/jdefer/Deferred;} and
 * {@code Lio/jdefer/Defer;} can hold no registration, no {@code @Deferred} scope and no {@code @Defer}
 * local, so it is left alone byte for byte (SPEC C5).
 */
final class ConstantPool {
    private static final byte[] DEFERS = utf8("io/jdefer/Defers");
    private static final byte[] DEFERRED = utf8("Lio/jdefer/Deferred;");
    private static final byte[] DEFER = utf8("Lio/jdefer/Defer;");
    private static final byte[] LOWERING = utf8("JdeferLowering");

    /** What the constant pool mentions ({@code deferred}: either annotation); {@code malformed} when it could not be read to its end. */
    record Mentions(boolean defers, boolean deferred, boolean lowering, boolean malformed) {
        boolean jdefer() {
            return defers || deferred;
        }
    }

    private ConstantPool() {}

    static Mentions scan(byte[] classFile) {
        boolean defers = false;
        boolean deferred = false;
        boolean lowering = false;
        try {
            if (classFile.length < 10 || u4(classFile, 0) != 0xCAFEBABE) {
                return new Mentions(false, false, false, true);
            }
            int count = u2(classFile, 8);
            int offset = 10;
            for (int index = 1; index < count; index++) {
                int tag = classFile[offset] & 0xFF;
                switch (tag) {
                    case 1: { // CONSTANT_Utf8: u2 length, bytes
                        int length = u2(classFile, offset + 1);
                        int start = offset + 3;
                        defers |= equal(classFile, start, length, DEFERS);
                        deferred |= equal(classFile, start, length, DEFERRED) || equal(classFile, start, length, DEFER);
                        lowering |= equal(classFile, start, length, LOWERING);
                        offset = start + length;
                        break;
                    }
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                        offset += 5;
                        break;
                    case 5: case 6: // long and double take two entries
                        offset += 9;
                        index++;
                        break;
                    case 7: case 8: case 16: case 19: case 20:
                        offset += 3;
                        break;
                    case 15:
                        offset += 4;
                        break;
                    default:
                        return new Mentions(defers, deferred, lowering, true);
                }
            }
            return new Mentions(defers, deferred, lowering, offset > classFile.length);
        } catch (ArrayIndexOutOfBoundsException e) {
            return new Mentions(defers, deferred, lowering, true);
        }
    }

    private static boolean equal(byte[] bytes, int start, int length, byte[] wanted) {
        if (length != wanted.length || start + length > bytes.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[start + i] != wanted[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u2(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    }

    private static int u4(byte[] bytes, int offset) {
        return (u2(bytes, offset) << 16) | u2(bytes, offset + 2);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8); // ASCII: modified UTF-8 is the same bytes
    }
}
