package io.jdefer.runtime;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Whether a call of the no-argument method {@code name}, dispatched from class {@code from}, lands
 * on the declaration in {@code declaring}: no class between them declares its own {@code name()}
 * (an override, or a static method that hides it), and, for a method of an interface, no more
 * specific interface redeclares it. Bridges do not count: they forward to the method the compiler
 * made them for, in the same class. Reflection runs only while an offer is outstanding and its
 * name and receiver match, on the error path.
 */
final class Dispatch {
    private Dispatch() {}

    static boolean landsOn(Class<?> from, String name, Class<?> declaring, boolean isStatic) {
        if (!declaring.isAssignableFrom(from)) {
            return false;
        }
        for (Class<?> at = from; at != null && at != declaring; at = at.getSuperclass()) {
            if (declares(at, name, isStatic)) {
                return false;
            }
        }
        if (declaring.isInterface() && !isStatic) {
            return !redeclaredBelow(from, name, declaring);
        }
        return true;
    }

    /** Whether an interface of {@code from} that extends {@code declaring} redeclares {@code name()}. */
    private static boolean redeclaredBelow(Class<?> from, String name, Class<?> declaring) {
        for (Class<?> at = from; at != null; at = at.getSuperclass()) {
            for (Class<?> face : at.getInterfaces()) {
                if (face != declaring && declaring.isAssignableFrom(face)
                        && (declares(face, name, false) || redeclaredBelow(face, name, declaring))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean declares(Class<?> type, String name, boolean isStatic) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == 0 && !method.isBridge()
                    && Modifier.isStatic(method.getModifiers()) == isStatic) {
                return true;
            }
        }
        return false;
    }
}
