package io.jdefer.rewrite;

import io.jdefer.plan.MethodRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.signature.SignatureVisitor;

/**
 * The method a {@code @Defer("name")} local calls at exit (SPEC S9): a no-argument instance method
 * {@code name} found, as the JVM resolves it, on the static type of the value stored. When that
 * type is the erasure of a type variable with several bounds ({@code T extends Number & AutoCloseable})
 * and has no such method itself, the method is looked for on the other bounds of the type variables
 * whose erasure it is, and the value is cast to the one bound that has it. The owner named in the
 * call is the most specific type that has the method and that the rewritten class can access.
 */
final class DeferMethodResolver {
    /** The call: {@code cast} when the value must be cast to {@code method.owner()} first. */
    record Resolved(MethodRef method, boolean cast) {}

    private final ClassShapes shapes;
    private final String currentClass;

    DeferMethodResolver(ClassShapes shapes, String currentClass) {
        this.shapes = shapes;
        this.currentClass = currentClass;
    }

    /**
     * Resolves {@code name()} on {@code type}; {@code signatures} are the generic signatures in
     * scope (the method's, then its class's), for type-variable bounds. {@code null} when not found.
     */
    Resolved resolve(String type, String name, List<String> signatures) {
        MethodRef direct = onType(type, name);
        if (direct != null) {
            return new Resolved(direct, false);
        }
        Set<MethodRef> onBounds = new LinkedHashSet<>();
        for (String signature : signatures) {
            if (signature == null) {
                continue;
            }
            for (List<String> bounds : TypeVariables.boundsOf(signature)) {
                if (bounds.isEmpty() || !bounds.get(0).equals(type)) {
                    continue;
                }
                for (String bound : bounds.subList(1, bounds.size())) {
                    MethodRef found = onType(bound, name);
                    if (found != null) {
                        onBounds.add(found);
                    }
                }
            }
        }
        return onBounds.size() == 1 ? new Resolved(onBounds.iterator().next(), true) : null;
    }

    /**
     * {@code name()} on {@code type} or a supertype, named through {@code type} itself when the
     * rewritten class can access it (as javac names a call through the static type), else through
     * the nearest accessible supertype that has it.
     */
    private MethodRef onType(String type, String name) {
        for (String at : Supertypes.all(shapes, type)) {
            ClassShape shape = shapes.shape(at);
            if (shape == null || !accessible(shape)) {
                continue;
            }
            String descriptor = resolvedDescriptor(at, name);
            if (descriptor != null) {
                return new MethodRef(at, name, descriptor, shape.isInterface());
            }
        }
        return null;
    }

    /** JVMS 5.4.3.3: the class and its superclasses first, then the superinterfaces. */
    private String resolvedDescriptor(String type, String name) {
        List<String> order = Supertypes.all(shapes, type);
        for (String at : order) {
            ClassShape shape = shapes.shape(at);
            if (shape != null && !shape.isInterface()) {
                String descriptor = declared(shape, name);
                if (descriptor != null) {
                    return descriptor;
                }
            }
        }
        for (String at : order) {
            ClassShape shape = shapes.shape(at);
            if (shape != null && shape.isInterface()) {
                String descriptor = declared(shape, name);
                if (descriptor != null) {
                    return descriptor;
                }
            }
        }
        return null;
    }

    /** The descriptor of the no-argument instance method {@code name} that {@code shape} declares, bridges last. */
    private static String declared(ClassShape shape, String name) {
        String bridge = null;
        for (ClassShape.Member member : shape.methods()) {
            if (!member.name().equals(name) || !member.descriptor().startsWith("()") || (member.access() & Opcodes.ACC_STATIC) != 0
                    || (member.access() & Opcodes.ACC_PRIVATE) != 0) {
                continue;
            }
            if ((member.access() & Opcodes.ACC_BRIDGE) == 0) {
                return member.descriptor();
            }
            bridge = member.descriptor();
        }
        return bridge;
    }

    /** JVM accessibility of a class from the rewritten one: public, or in the same package. */
    private boolean accessible(ClassShape shape) {
        return shape.isPublic() || packageOf(shape.name()).equals(packageOf(currentClass));
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }

    /** The bounds of each formal type parameter of a generic signature, as erased internal names. */
    static final class TypeVariables extends SignatureVisitor {
        private final List<List<String>> bounds = new ArrayList<>();
        private List<String> current;

        private TypeVariables() {
            super(Opcodes.ASM9);
        }

        static List<List<String>> boundsOf(String signature) {
            TypeVariables visitor = new TypeVariables();
            new SignatureReader(signature).accept(visitor);
            return visitor.bounds;
        }

        @Override
        public void visitFormalTypeParameter(String name) {
            current = new ArrayList<>();
            bounds.add(current);
        }

        @Override
        public SignatureVisitor visitClassBound() {
            return bound();
        }

        @Override
        public SignatureVisitor visitInterfaceBound() {
            return bound();
        }

        @Override
        public SignatureVisitor visitSuperclass() {
            current = null;
            return this;
        }

        @Override
        public SignatureVisitor visitParameterType() {
            current = null;
            return this;
        }

        @Override
        public SignatureVisitor visitReturnType() {
            current = null;
            return this;
        }

        private SignatureVisitor bound() {
            List<String> into = current;
            return new SignatureVisitor(Opcodes.ASM9) {
                private int depth;

                @Override
                public void visitClassType(String name) {
                    if (depth++ == 0 && into != null) {
                        into.add(name);
                    }
                }

                @Override
                public void visitTypeVariable(String name) {
                    if (depth == 0 && into != null) {
                        into.add("java/lang/Object");
                    }
                }

                @Override
                public SignatureVisitor visitTypeArgument(char wildcard) {
                    return new SignatureVisitor(Opcodes.ASM9) {};
                }
            };
        }
    }
}
