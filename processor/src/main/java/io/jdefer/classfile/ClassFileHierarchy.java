package io.jdefer.classfile;

import io.jdefer.rewrite.TypeHierarchy;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * The class hierarchy for stack map frames, read from class files through a {@link ClassLookup}:
 * no user class is loaded (SPEC section 5). It answers as the processor's {@code ModelHierarchy}
 * does from {@code javax.lang.model} (the same rule, so that both front ends write the same frames):
 * the one type when the other is assignable to it, {@code java/lang/Object} when either is an
 * interface, else the nearest superclass of the first that the second is assignable to.
 * A class whose file cannot be found is an error naming it, never a guess.
 */
public final class ClassFileHierarchy implements TypeHierarchy {
    private static final String OBJECT = "java/lang/Object";

    private final ClassLookup lookup;
    /** One instance serves one class or one run: frame computation asks the same pairs again and again. */
    private final Map<String, Header> headers = new HashMap<>();
    private final Map<String, String> answers = new HashMap<>();

    /** A hierarchy that reads class headers through {@code lookup}, which must also reach the JDK's classes. */
    public ClassFileHierarchy(ClassLookup lookup) {
        this.lookup = lookup;
    }

    private record Header(boolean isInterface, String superName, String[] interfaces) {}

    @Override
    public String commonSuperClass(String type1, String type2) {
        return answers.computeIfAbsent(type1 + ' ' + type2, key -> compute(type1, type2));
    }

    private String compute(String type1, String type2) {
        if (type1.equals(type2)) {
            return type1;
        }
        if (type1.startsWith("[") || type2.startsWith("[")) {
            // ASM merges array types itself and asks only about element classes; the processor answers the same.
            return OBJECT;
        }
        if (assignable(type2, type1)) {
            return type1;
        }
        if (assignable(type1, type2)) {
            return type2;
        }
        if (header(type1).isInterface() || header(type2).isInterface()) {
            return OBJECT;
        }
        for (String superclass = header(type1).superName(); superclass != null; superclass = header(superclass).superName()) {
            if (assignable(type2, superclass)) {
                return superclass;
            }
        }
        return OBJECT;
    }

    /** Whether a value of class {@code from} is assignable to {@code to}: {@code to} is among its supertypes. */
    private boolean assignable(String from, String to) {
        if (to.equals(OBJECT) || from.equals(to)) {
            return true;
        }
        return supertypes(from).contains(to);
    }

    private Set<String> supertypes(String type) {
        Set<String> all = new LinkedHashSet<>();
        collect(type, all);
        return all;
    }

    private void collect(String type, Set<String> all) {
        Header header = header(type);
        if (header.superName() != null && all.add(header.superName())) {
            collect(header.superName(), all);
        }
        for (String implemented : header.interfaces()) {
            if (all.add(implemented)) {
                collect(implemented, all);
            }
        }
    }

    private Header header(String type) {
        Header known = headers.get(type);
        if (known != null) {
            return known;
        }
        byte[] bytes = lookup.find(type);
        if (bytes == null) {
            throw new IllegalStateException("have no class file for " + type.replace('/', '.')
                    + ", want it among the classes being rewritten or on the class path, to compute stack map frames");
        }
        ClassReader reader = new ClassReader(bytes);
        if (!reader.getClassName().equals(type)) {
            throw new IllegalStateException("have class file of " + reader.getClassName() + ", want " + type);
        }
        Header header = new Header((reader.getAccess() & Opcodes.ACC_INTERFACE) != 0, reader.getSuperName(), reader.getInterfaces());
        headers.put(type, header);
        return header;
    }
}
