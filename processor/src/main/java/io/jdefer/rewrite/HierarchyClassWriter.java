package io.jdefer.rewrite;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A {@link ClassWriter} that computes frames with a {@link TypeHierarchy} instead of class loading,
 * within limits generous enough for any method under the JVM's 64 KB code limit that jdefer makes
 * (ASM's defaults, 10 MB and 10^8 operations, are reached near 1,000 sites in one method), and that
 * names the method whose frames could not be computed.
 */
final class HierarchyClassWriter extends ClassWriter {
    private static final int MAX_FRAME_BYTES = 512 << 20;
    private static final long MAX_FRAME_OPERATIONS = 10_000_000_000L;

    private final TypeHierarchy hierarchy;

    HierarchyClassWriter(TypeHierarchy hierarchy) {
        super(COMPUTE_FRAMES);
        this.hierarchy = hierarchy;
        setComputeLimits(MAX_FRAME_BYTES, MAX_FRAME_OPERATIONS);
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        if (type1.equals(type2)) {
            return type1;
        }
        return hierarchy.commonSuperClass(type1, type2);
    }

    /** A visitor in front of this writer that names the method when its frames cannot be computed. */
    ClassVisitor namingFailures() {
        return new ClassVisitor(Opcodes.ASM9, this) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitMaxs(int maxStack, int maxLocals) {
                        try {
                            super.visitMaxs(maxStack, maxLocals);
                        } catch (MethodTooLargeException e) {
                            throw e;
                        } catch (RuntimeException e) {
                            throw new FrameComputationException(name + descriptor, e);
                        }
                    }
                };
            }
        };
    }

    /** Frames could not be computed for one method: its {@code name + descriptor} and why. */
    static final class FrameComputationException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String method;

        FrameComputationException(String method, RuntimeException cause) {
            super(method + ": " + cause, cause);
            this.method = method;
        }
    }
}
