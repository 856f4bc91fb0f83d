package io.jdefer.dump;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.function.Function;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

/**
 * {@code --diff} of a class file that was not rewritten (compiled with {@code -proc:none},
 * {@code -Ajdefer.rewrite=false}, or by another compiler): runs jdefer's rewriter on it in-process,
 * as the post-compile step would, with the class-wide strategy read from the class file (its own
 * {@code @Deferred}, else its enclosing method's or classes', {@link DeferredScope}) and the
 * classes it names read through {@code lookup} (the input's directory or jar, {@code --classpath}).
 *
 * <p>The processor is the one nested in the dump jar, loaded child-first as {@link SourceCompiler}
 * loads it, so its shaded ASM and its plan classes are those of the dump's release; it is called
 * by reflection through its public API ({@code ClassRewriter}, {@code ClassFileShapes}, the
 * plan's {@code bytecodeOnly}), which takes and returns only JDK types and byte arrays.
 */
final class ClassFileRewriter implements AutoCloseable {
    private final URLClassLoader loader;
    private final Function<String, byte[]> lookup;
    private final Object rewriter;

    ClassFileRewriter(Function<String, byte[]> lookup) {
        this.lookup = lookup;
        try {
            loader = new SourceCompiler.ChildFirstLoader(new URL[] {SourceCompiler.jars().processor().toUri().toURL()});
            Class<?> shapes = loader.loadClass("io.jdefer.rewrite.ClassFileShapes");
            Object classShapes = shapes.getConstructor(Function.class).newInstance(lookup);
            rewriter = loader.loadClass("io.jdefer.rewrite.ClassRewriter").getConstructor(loader.loadClass("io.jdefer.rewrite.ClassShapes"))
                    .newInstance(classShapes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new DumpException("cannot load the jdefer rewriter from " + SourceCompiler.jars().processor() + ": " + e);
        }
    }

    /**
     * What the rewriter makes of {@code classFile}: the new bytes, or the input itself when it has no
     * {@code @Deferred} scope to rewrite.
     *
     * @throws DumpException when the rewriter reports problems (an INLINE method with a site in a loop...)
     *     or the class was rewritten already
     */
    byte[] rewrite(byte[] classFile) {
        ClassNode owner = new ClassNode();
        new ClassReader(classFile).accept(owner, ClassReader.SKIP_FRAMES);
        if (owner.methods.stream().anyMatch(m -> m.attrs != null && m.attrs.stream().anyMatch(a -> a.type.equals(
                io.jdefer.plan.JdeferLowering.ATTRIBUTE)))) {
            throw new DumpException("--diff: " + owner.name + " was rewritten by jdefer already; give the class file javac wrote"
                    + " with -proc:none or -Ajdefer.rewrite=false");
        }
        String classStrategy = new DeferredScope(owner, name -> node(name)).classRequested();
        try {
            Class<?> choice = loader.loadClass("io.jdefer.plan.StrategyChoice");
            Method rewrite = rewriteMethod();
            Class<?> planType = rewrite.getParameterTypes()[1];
            Object strategy = classStrategy == null ? null : choice.getMethod("valueOf", String.class).invoke(null, classStrategy);
            Object plan = planType.getMethod("bytecodeOnly", String.class, choice).invoke(null, owner.name, strategy);
            Object result = rewrite.invoke(rewriter, classFile, plan, false);
            List<?> problems = (List<?>) result.getClass().getMethod("problems").invoke(result);
            if (!problems.isEmpty()) {
                throw new DumpException("--diff: jdefer cannot rewrite " + owner.name + ": " + problems);
            }
            byte[] bytes = (byte[]) result.getClass().getMethod("bytes").invoke(result);
            return bytes == null ? classFile : bytes;
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new DumpException("--diff: the jdefer rewriter failed on " + owner.name + ": " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new DumpException("--diff: the jdefer rewriter failed on " + owner.name + ": " + e);
        }
    }

    /**
     * {@code ClassRewriter.rewrite(byte[], P, boolean)}, whose plan type {@code P} (the class-wide
     * scope, built by {@code P.bytecodeOnly(name, strategy)}) is read from the signature.
     */
    private Method rewriteMethod() {
        for (Method method : rewriter.getClass().getMethods()) {
            Class<?>[] parameters = method.getParameterTypes();
            if (method.getName().equals("rewrite") && parameters.length == 3 && parameters[0] == byte[].class
                    && parameters[2] == boolean.class) {
                return method;
            }
        }
        throw new DumpException("--diff: the jdefer rewriter in " + SourceCompiler.jars().processor()
                + " has no rewrite(byte[], plan, boolean): use the dump of the processor's release");
    }

    private ClassNode node(String internalName) {
        byte[] bytes = lookup.apply(internalName);
        if (bytes == null) {
            return null;
        }
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, ClassReader.SKIP_FRAMES);
        return node;
    }

    @Override
    public void close() {
        try {
            loader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
