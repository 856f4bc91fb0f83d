package io.jdefer.dump;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The child JVM's main for {@code --jit}. It defines a hidden nestmate class of the target's class
 * with one plain call site, {@code once(receiver)}, which calls the target with default arguments
 * ({@code 0}, {@code false}, {@code null}), and a loop, {@code run(receiver, n)}, that calls
 * {@code once}. HotSpot then compiles {@code once} and decides, as for any caller, whether to
 * inline the target there. A nestmate may call even a private method. An instance method runs on
 * an instance made by the class's no-argument constructor; what the target throws is counted.
 */
public final class JitHarness {
    private JitHarness() {}

    /** {@code args}: class name, method name, descriptor, number of calls. */
    public static void main(String[] args) throws Throwable {
        Class<?> type = Class.forName(args[0]);
        Method target = null;
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(args[1]) && Type.getMethodDescriptor(method).equals(args[2])) {
                target = method;
            }
        }
        if (target == null) {
            throw new IllegalArgumentException("no method " + args[1] + args[2] + " in " + args[0]);
        }
        Object receiver = null;
        boolean isStatic = Modifier.isStatic(target.getModifiers());
        if (!isStatic) {
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            receiver = constructor.newInstance();
        }
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup())
                .defineHiddenClass(caller(type, target, isStatic), true, MethodHandles.Lookup.ClassOption.NESTMATE);
        MethodHandle run = lookup.findStatic(lookup.lookupClass(), "run", MethodType.methodType(int.class, Object.class, int.class));
        int calls = Integer.parseInt(args[3]);
        int thrown = (int) run.invokeExact(receiver, calls);
        System.out.println("jdefer-dump: called " + args[0] + "." + args[1] + " " + calls + " times, " + thrown + " threw");
    }

    private static byte[] caller(Class<?> type, Method target, boolean isStatic) {
        String owner = Type.getInternalName(type);
        String self = owner + "$JdeferDumpCaller";
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, self, null, "java/lang/Object", null);

        // static void once(Object receiver) { ((T) receiver).target(0, null, ...); }
        MethodVisitor once = writer.visitMethod(Opcodes.ACC_STATIC, "once", "(Ljava/lang/Object;)V", null, null);
        once.visitCode();
        if (!isStatic) {
            once.visitVarInsn(Opcodes.ALOAD, 0);
            once.visitTypeInsn(Opcodes.CHECKCAST, owner);
        }
        for (Type parameter : Type.getArgumentTypes(target)) {
            pushDefault(once, parameter);
        }
        boolean isInterface = type.isInterface();
        int opcode = isStatic ? Opcodes.INVOKESTATIC : isInterface ? Opcodes.INVOKEINTERFACE : Opcodes.INVOKEVIRTUAL;
        once.visitMethodInsn(opcode, owner, target.getName(), Type.getMethodDescriptor(target), isInterface);
        int size = Type.getReturnType(target).getSize();
        if (size > 0) {
            once.visitInsn(size == 2 ? Opcodes.POP2 : Opcodes.POP);
        }
        once.visitInsn(Opcodes.RETURN);
        once.visitMaxs(0, 0);
        once.visitEnd();

        // static int run(Object receiver, int n) { int thrown = 0; for (i < n) try { once(receiver); } catch (Throwable t) { thrown++; } return thrown; }
        MethodVisitor run = writer.visitMethod(Opcodes.ACC_STATIC, "run", "(Ljava/lang/Object;I)I", null, null);
        run.visitCode();
        Label test = new Label();
        Label body = new Label();
        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label handler = new Label();
        Label next = new Label();
        run.visitTryCatchBlock(tryStart, tryEnd, handler, "java/lang/Throwable");
        run.visitInsn(Opcodes.ICONST_0);
        run.visitVarInsn(Opcodes.ISTORE, 2); // thrown
        run.visitInsn(Opcodes.ICONST_0);
        run.visitVarInsn(Opcodes.ISTORE, 3); // i
        run.visitJumpInsn(Opcodes.GOTO, test);
        run.visitLabel(body);
        run.visitLabel(tryStart);
        run.visitVarInsn(Opcodes.ALOAD, 0);
        run.visitMethodInsn(Opcodes.INVOKESTATIC, self, "once", "(Ljava/lang/Object;)V", false);
        run.visitLabel(tryEnd);
        run.visitJumpInsn(Opcodes.GOTO, next);
        run.visitLabel(handler);
        run.visitInsn(Opcodes.POP);
        run.visitIincInsn(2, 1);
        run.visitLabel(next);
        run.visitIincInsn(3, 1);
        run.visitLabel(test);
        run.visitVarInsn(Opcodes.ILOAD, 3);
        run.visitVarInsn(Opcodes.ILOAD, 1);
        run.visitJumpInsn(Opcodes.IF_ICMPLT, body);
        run.visitVarInsn(Opcodes.ILOAD, 2);
        run.visitInsn(Opcodes.IRETURN);
        run.visitMaxs(0, 0);
        run.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static void pushDefault(MethodVisitor method, Type type) {
        switch (type.getSort()) {
            case Type.LONG:
                method.visitInsn(Opcodes.LCONST_0);
                break;
            case Type.FLOAT:
                method.visitInsn(Opcodes.FCONST_0);
                break;
            case Type.DOUBLE:
                method.visitInsn(Opcodes.DCONST_0);
                break;
            case Type.ARRAY:
            case Type.OBJECT:
                method.visitInsn(Opcodes.ACONST_NULL);
                break;
            default:
                method.visitInsn(Opcodes.ICONST_0);
        }
    }
}
