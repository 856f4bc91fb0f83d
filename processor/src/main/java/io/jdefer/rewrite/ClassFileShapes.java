package io.jdefer.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@link ClassShapes} read from class files, for the front ends that run without javac (the
 * post-compile step, the agent, the dump tool): {@code classFiles} returns a class's bytes by
 * internal name, or {@code null}. Only headers and method signatures are read, never code; no
 * class is loaded. Answers are cached; the cache is this object's, so one instance serves one run.
 */
public final class ClassFileShapes implements ClassShapes {
    private final Function<String, byte[]> classFiles;
    private final Map<String, Optional<ClassShape>> shapes = new ConcurrentHashMap<>();

    public ClassFileShapes(Function<String, byte[]> classFiles) {
        this.classFiles = classFiles;
    }

    /** The JDK's own classes, read as resources of the platform class loader: a default for what a lookup lacks. */
    public static byte[] platformClass(String internalName) {
        try (java.io.InputStream in = ClassLoader.getPlatformClassLoader().getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * The common superclass, by the rule {@code ModelHierarchy} applies under javac, so that both
     * give the same frames; every class on the way must have its class file: a missing one is an
     * error naming it, never a guess of {@code java/lang/Object}.
     */
    @Override
    public String commonSuperClass(String type1, String type2) {
        if (type1.equals(type2)) {
            return type1;
        }
        if (type1.startsWith("[") || type2.startsWith("[")) {
            return "java/lang/Object"; // ASM merges array types itself and asks only about element classes
        }
        requireAll(type1);
        requireAll(type2);
        return Supertypes.commonSuperClass(this, type1, type2);
    }

    /** Every supertype of {@code type} has a class file, or an error names the first that has none. */
    private void requireAll(String type) {
        for (String at : Supertypes.all(this, type)) {
            if (shape(at) == null) {
                throw new IllegalStateException("have no class file for " + at.replace('/', '.')
                        + ", want it among the classes being rewritten or on the class path, to compute stack map frames");
            }
        }
    }

    @Override
    public ClassShape shape(String internalName) {
        return shapes.computeIfAbsent(internalName, this::read).orElse(null);
    }

    private Optional<ClassShape> read(String internalName) {
        byte[] bytes = classFiles.apply(internalName);
        if (bytes == null) {
            bytes = platformClass(internalName);
        }
        if (bytes == null) {
            return Optional.empty();
        }
        return Optional.of(of(bytes));
    }

    /** The shape of one class file. */
    public static ClassShape of(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        List<ClassShape.Member> methods = new ArrayList<>();
        String[] signature = new String[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String sig, String superName, String[] interfaces) {
                signature[0] = sig;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String sig, String[] exceptions) {
                methods.add(new ClassShape.Member(name, descriptor, access));
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new ClassShape(reader.getClassName(), reader.getAccess(), reader.getSuperName(), List.of(reader.getInterfaces()),
                methods, signature[0]);
    }
}
