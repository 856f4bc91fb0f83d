package io.jdefer.rewrite;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * The static type of the value on top of the operand stack before an instruction, as the JVM's
 * verifier computes it (ASM's {@link SimpleVerifier}), with subtyping answered from
 * {@link ClassShapes} instead of class loading. Computed once per method, on demand.
 */
final class StoredValueTypes {
    /** The type of a value that is always {@code null}. */
    static final Type NULL = Type.getObjectType("null");

    private final ClassNode owner;
    private final MethodNode method;
    private final ClassShapes shapes;
    private Frame<BasicValue>[] frames;

    StoredValueTypes(ClassNode owner, MethodNode method, ClassShapes shapes) {
        this.owner = owner;
        this.method = method;
        this.shapes = shapes;
    }

    /** The type on top of the stack before {@code insn}; {@code null} when the analysis fails or the code is unreachable. */
    Type topBefore(AbstractInsnNode insn) {
        Type pushed = pushedRightBefore(insn);
        if (pushed != null) {
            return pushed;
        }
        if (frames == null) {
            try {
                frames = new Analyzer<>(new ShapeVerifier()).analyze(owner.name, method);
            } catch (AnalyzerException | RuntimeException e) {
                return null;
            }
        }
        Frame<BasicValue> frame = frames[method.instructions.indexOf(insn)];
        if (frame == null || frame.getStackSize() == 0) {
            return null;
        }
        return frame.getStack(frame.getStackSize() - 1).getType();
    }

    /**
     * What the analysis would say without running it, when {@code insn} can be reached only from
     * the instruction right before it (no label between them) and that instruction pushes a
     * reference of a type it names: a call's result, a field's value, a cast.
     */
    private static Type pushedRightBefore(AbstractInsnNode insn) {
        AbstractInsnNode previous = insn.getPrevious();
        while (previous != null && previous.getOpcode() < 0) {
            if (previous instanceof LabelNode) {
                return null;
            }
            previous = previous.getPrevious();
        }
        Type type = null;
        if (previous instanceof MethodInsnNode) {
            type = Type.getReturnType(((MethodInsnNode) previous).desc);
        } else if (previous instanceof FieldInsnNode
                && (previous.getOpcode() == Opcodes.GETFIELD || previous.getOpcode() == Opcodes.GETSTATIC)) {
            type = Type.getType(((FieldInsnNode) previous).desc);
        } else if (previous != null && previous.getOpcode() == Opcodes.CHECKCAST) {
            type = Type.getObjectType(((TypeInsnNode) previous).desc);
        }
        return type != null && type.getSort() == Type.OBJECT ? type : null;
    }

    private final class ShapeVerifier extends SimpleVerifier {
        ShapeVerifier() {
            super(Opcodes.ASM9, Type.getObjectType(owner.name), owner.superName == null ? null : Type.getObjectType(owner.superName),
                    owner.interfaces.stream().map(Type::getObjectType).toList(), (owner.access & Opcodes.ACC_INTERFACE) != 0);
        }

        @Override
        protected boolean isInterface(Type type) {
            if (type.getInternalName().equals(owner.name)) {
                return (owner.access & Opcodes.ACC_INTERFACE) != 0;
            }
            ClassShape shape = shapes.shape(type.getInternalName());
            return shape != null && shape.isInterface();
        }

        @Override
        protected Type getSuperClass(Type type) {
            if (type.getInternalName().equals(owner.name)) {
                return owner.superName == null ? null : Type.getObjectType(owner.superName);
            }
            ClassShape shape = shapes.shape(type.getInternalName());
            return shape == null || shape.superName() == null ? null : Type.getObjectType(shape.superName());
        }

        @Override
        protected boolean isAssignableFrom(Type type1, Type type2) {
            if (type1.equals(type2) || type1.getDescriptor().equals("Ljava/lang/Object;")) {
                return true;
            }
            if (type1.getSort() == Type.ARRAY || type2.getSort() == Type.ARRAY) {
                return type1.getSort() == Type.ARRAY && type2.getSort() == Type.ARRAY
                        && type1.getElementType().getSort() == Type.OBJECT && type2.getElementType().getSort() == Type.OBJECT
                        && type1.getDimensions() == type2.getDimensions()
                        && isAssignableFrom(type1.getElementType(), type2.getElementType());
            }
            if (type2.getInternalName().equals(owner.name)) {
                if (owner.superName != null && isAssignableFrom(type1, Type.getObjectType(owner.superName))) {
                    return true;
                }
                List<String> interfaces = owner.interfaces;
                return interfaces.stream().anyMatch(i -> isAssignableFrom(type1, Type.getObjectType(i)));
            }
            return Supertypes.isSubtype(shapes, type2.getInternalName(), type1.getInternalName());
        }

        /** Only the types matter here, not verification: any reference may stand where a reference is expected. */
        @Override
        protected boolean isSubTypeOf(BasicValue value, BasicValue expected) {
            int want = expected.getType() == null ? -1 : expected.getType().getSort();
            int have = value.getType() == null ? -1 : value.getType().getSort();
            boolean wantReference = want == Type.OBJECT || want == Type.ARRAY;
            boolean haveReference = have == Type.OBJECT || have == Type.ARRAY;
            if (wantReference || haveReference) {
                return wantReference && haveReference;
            }
            return super.isSubTypeOf(value, expected);
        }
    }
}
