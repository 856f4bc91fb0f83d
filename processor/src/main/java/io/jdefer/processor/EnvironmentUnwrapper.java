package io.jdefer.processor;

import com.sun.source.util.JavacTask;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Finds javac's own {@link ProcessingEnvironment} behind a build tool's wrapper (SPEC C6): Gradle's
 * incremental processing wraps it in a class with a delegate field, IntelliJ in a dynamic proxy.
 * {@link JavacTask#instance} only accepts javac's.
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
            ProcessingEnvironment found = fieldOfType(Proxy.getInvocationHandler(wrapper));
            if (found != null) {
                return found;
            }
        }
        return fieldOfType(wrapper);
    }

    private static ProcessingEnvironment fieldOfType(Object holder) {
        for (Class<?> type = holder.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (!ProcessingEnvironment.class.isAssignableFrom(field.getType())) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    Object value = field.get(holder);
                    if (value != null && value != holder) {
                        return (ProcessingEnvironment) value;
                    }
                } catch (ReflectiveOperationException | RuntimeException inaccessible) {
                    // try the next field
                }
            }
        }
        return null;
    }
}
