package io.jdefer.rewrite;

import java.util.List;

/**
 * What the rewriter needs to know of a class it does not rewrite: its access, supertypes, the
 * methods it declares and its generic signature. Answered from {@code javax.lang.model} under javac
 * and from class files elsewhere; never by loading the class (SPEC section 5).
 *
 * @param name internal name ({@code java/io/InputStream})
 * @param access the JVM access flags of the class ({@code ACC_PUBLIC}, {@code ACC_INTERFACE})
 * @param superName the superclass, {@code null} for {@code java/lang/Object} and interfaces' own none
 * @param signature the class's generic signature, or {@code null}
 */
public record ClassShape(String name, int access, String superName, List<String> interfaces, List<Member> methods, String signature) {
    public ClassShape {
        interfaces = List.copyOf(interfaces);
        methods = List.copyOf(methods);
    }

    /** A method the class declares: JVM name, descriptor and access flags ({@code ACC_BRIDGE} included). */
    public record Member(String name, String descriptor, int access) {}

    public boolean isInterface() {
        return (access & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0;
    }

    public boolean isPublic() {
        return (access & org.objectweb.asm.Opcodes.ACC_PUBLIC) != 0;
    }
}
