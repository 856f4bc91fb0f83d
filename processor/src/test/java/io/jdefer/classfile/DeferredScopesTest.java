package io.jdefer.classfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Ecj;
import io.jdefer.testing.Javac;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * SPEC S8 from class files alone: which classes and methods a {@code @Deferred} covers, and with
 * which strategy, for member, local and anonymous classes (in methods, lambdas, initializers), read
 * from javac's and from ECJ's output. The golden text names each class by what it is (a local
 * class by its simple name, an anonymous class by the interface it implements), so that both
 * compilers' numbering of {@code $1}, {@code $2} give the same text.
 */
class DeferredScopesTest {
    static final String SOURCE = """
            package g;
            import io.jdefer.*;

            public class Scopes {
                interface InFrameMethod {} interface InLambda {} interface InNestedLambda {} interface InPlainMethod {}
                interface InFieldInit {} interface InLocalsMethod {} interface InAnnotatedMember {} interface InWhole {}
                interface InWholeStatic {} interface InOverride {}

                @Deferred(Strategy.FRAME)
                static Object inFrameMethod() {
                    class FrameLocal {}
                    Runnable lambda = () -> {
                        Object inLambda = new InLambda() {};
                        Runnable nested = () -> { Object deeper = new InNestedLambda() {}; };
                    };
                    return new InFrameMethod() {};
                }

                static Object plain() {
                    class PlainLocal {
                        @Deferred(Strategy.INLINE) Object annotatedLocalsMethod() { return new InLocalsMethod() {}; }
                    }
                    return new InPlainMethod() {};
                }

                Object field = new InFieldInit() {};

                @Deferred(Strategy.INLINE)
                static class Annotated {
                    class Inner {
                        Object make() { return new InAnnotatedMember() {}; }
                        @Deferred(Strategy.FRAME) Object overriding() { return new InOverride() {}; }
                    }
                    static class Nested {
                        @Deferred(Strategy.FRAME) static class Own { class OwnInner {} }
                    }
                }

                static class NotAnnotated { class Inner {} }
            }

            @Deferred
            class Whole {
                Object field = new InWhole() {};
                static Object constant = new InWholeStatic() {};
                interface InWhole {} interface InWholeStatic {}
            }
            """;

    static final String GOLDEN = """
            anonymous g/Scopes$InAnnotatedMember: INLINE
            anonymous g/Scopes$InFieldInit: none
            anonymous g/Scopes$InFrameMethod: FRAME
            anonymous g/Scopes$InLambda: FRAME
            anonymous g/Scopes$InLocalsMethod: INLINE
            anonymous g/Scopes$InNestedLambda: FRAME
            anonymous g/Scopes$InOverride: FRAME
            anonymous g/Scopes$InPlainMethod: none
            anonymous g/Whole$InWhole: AUTO
            anonymous g/Whole$InWholeStatic: AUTO
            class g/Scopes$Annotated$Inner: INLINE
            class g/Scopes$Annotated$Nested$Own$OwnInner: FRAME
            class g/Scopes$Annotated$Nested$Own: FRAME
            class g/Scopes$Annotated$Nested: INLINE
            class g/Scopes$Annotated: INLINE
            class g/Scopes$NotAnnotated$Inner: none
            class g/Scopes$NotAnnotated: none
            class g/Scopes: none
            class g/Whole: AUTO
            local FrameLocal: FRAME
            local PlainLocal: none
            method g/Scopes$Annotated$Inner.make: INLINE
            method g/Scopes$Annotated$Inner.overriding: FRAME
            method g/Scopes.inFrameMethod: FRAME
            method g/Scopes.plain: none
            method lambda in g/Scopes.inFrameMethod: FRAME
            method lambda in lambda: FRAME
            """;

    @Test
    void javacOutput_scopesMatchTheSourceRule_S8() throws Exception {
        assertEquals(GOLDEN, describe(Javac.javac().withoutProcessor().compile(SOURCE).assertSuccess().classes()));
    }

    @Test
    void ecjOutput_scopesMatchTheSourceRule_S8() throws Exception {
        Path out = Files.createTempDirectory("jdefer-scopes");
        Ecj.compileTo(out, SOURCE);
        assertEquals(GOLDEN, describe(Ecj.classes(out)));
    }

    @Test
    void anEnclosingClassThatCannotBeRead_isAnErrorNamingIt_notOutOfScope() {
        Map<String, byte[]> classes = Javac.javac().withoutProcessor().compile(SOURCE).assertSuccess().classes();
        ClassNode inner = node(classes.get("g.Scopes$Annotated$Inner"));
        DeferredScopes scopes = new DeferredScopes(name -> name.equals("g/Scopes$Annotated") ? null : classes.get(name.replace('/', '.')));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> scopes.classStrategy(inner));
        assertTrue(e.getMessage().contains("g.Scopes$Annotated") && e.getMessage().contains("g.Scopes$Annotated$Inner"), e.getMessage());
    }

    /** One line per class and per method that is not a constructor or an initializer, sorted. */
    static String describe(Map<String, byte[]> classes) {
        DeferredScopes scopes = new DeferredScopes(name -> classes.get(name.replace('/', '.')));
        TreeSet<String> lines = new TreeSet<>();
        for (byte[] bytes : classes.values()) {
            ClassNode type = node(bytes);
            if ((type.access & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0) {
                continue;
            }
            lines.add(name(type) + ": " + text(scopes.classStrategy(type)));
            if (!type.name.startsWith("g/Scopes$Annotated$Inner") && !type.name.equals("g/Scopes")) {
                continue;
            }
            for (MethodNode method : type.methods) {
                if (method.name.startsWith("<")) {
                    continue;
                }
                String strategy = text(scopes.methodStrategy(type, method));
                if (DeferredScopes.isLambdaBody(method)) {
                    lines.add("method lambda in " + creator(type, method) + ": " + strategy);
                } else {
                    lines.add("method " + type.name + "." + method.name + ": " + strategy);
                }
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /** javac names a lambda body after its source method; ECJ numbers them: the creating method tells. */
    private static String creator(ClassNode type, MethodNode lambda) {
        for (MethodNode method : type.methods) {
            for (var insn : method.instructions) {
                if (insn instanceof org.objectweb.asm.tree.InvokeDynamicInsnNode) {
                    for (Object argument : ((org.objectweb.asm.tree.InvokeDynamicInsnNode) insn).bsmArgs) {
                        if (argument instanceof org.objectweb.asm.Handle && ((org.objectweb.asm.Handle) argument).getName().equals(lambda.name)) {
                            return DeferredScopes.isLambdaBody(method) ? "lambda" : type.name + "." + method.name;
                        }
                    }
                }
            }
        }
        return "?";
    }

    private static String name(ClassNode type) {
        for (InnerClassNode inner : type.innerClasses) {
            if (inner.name.equals(type.name)) {
                if (inner.innerName == null) {
                    return "anonymous " + (type.interfaces.isEmpty() ? type.superName : type.interfaces.get(0));
                }
                if (inner.outerName == null) {
                    return "local " + inner.innerName;
                }
            }
        }
        return "class " + type.name;
    }

    private static String text(Object strategy) {
        return strategy == null ? "none" : strategy.toString();
    }

    static ClassNode node(byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, ClassReader.SKIP_FRAMES);
        return node;
    }
}
