package io.jdefer.processor;

import com.sun.source.util.JavacTask;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Finds javac's own {@link ProcessingEnvironment} behind a build tool's wrapper (SPEC C6), since
 * {@link JavacTask#instance} only accepts javac's. Gradle's incremental processing wraps it in a
 * class with a {@code ProcessingEnvironment} field; IntelliJ's builder (JPS) in a dynamic proxy
 * whose handler is an anonymous class holding the delegate in a captured variable of erased type
 * {@code Object} ({@code val$delegateTo}). So a field counts by what it holds, not by its declared
 * type: every instance field whose value is a {@code ProcessingEnvironment} is a candidate, those
 * declared as one first. Lombok, the Checker Framework and MapStruct unwrap the same shapes.
 */
final class EnvironmentUnwrapper {
    private static final int MAX_DEPTH = 4;

    private EnvironmentUnwrapper() {}

    /** The {@link JavacTask} of this compilation, or {@code null} when the compiler is not javac. */
    static JavacTask javacTask(ProcessingEnvironment environment) {
        ProcessingEnvironment current = environment;
        for (int depth = 0; current != null && depth <= MAX_DEPTH; depth++) {
            try {
                return JavacTask.instance(current);
            } catch (RuntimeException notJavac) {
                current = delegateOf(current);
            }
        }
        return null;
    }

    private static ProcessingEnvironment delegateOf(Object wrapper) {
        if (Proxy.isProxyClass(wrapper.getClass())) {
            ProcessingEnvironment found = heldEnvironment(Proxy.getInvocationHandler(wrapper), wrapper);
            if (found != null) {
                return found;
            }
        }
        return heldEnvironment(wrapper, wrapper);
    }

    /** A {@code ProcessingEnvironment} that {@code holder} keeps in a field, other than {@code wrapper} itself. */
    private static ProcessingEnvironment heldEnvironment(Object holder, Object wrapper) {
        ProcessingEnvironment typed = scan(holder, wrapper, true);
        return typed != null ? typed : scan(holder, wrapper, false);
    }

    private static ProcessingEnvironment scan(Object holder, Object wrapper, boolean declaredAsEnvironment) {
        for (Class<?> type = holder.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()
                        || declaredAsEnvironment != ProcessingEnvironment.class.isAssignableFrom(field.getType())) {
                    continue;
                }
                if (!declaredAsEnvironment && !field.getType().isAssignableFrom(ProcessingEnvironment.class)) {
                    continue; // e.g. a String or a Map: cannot hold one
                }
                try {
                    field.setAccessible(true);
                    Object value = field.get(holder);
                    if (value instanceof ProcessingEnvironment && value != holder && value != wrapper) {
                        return (ProcessingEnvironment) value;
                    }
                } catch (ReflectiveOperationException | RuntimeException inaccessible) {
                    // a field of a named module's class, or a security manager: try the next one
                }
            }
        }
        return null;
    }
}
