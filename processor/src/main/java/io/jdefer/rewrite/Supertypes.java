package io.jdefer.rewrite;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/** Subtyping questions answered from {@link ClassShape}s, with the JVM's view of interfaces. */
final class Supertypes {
    private static final String OBJECT = "java/lang/Object";

    private Supertypes() {}

    /** Whether {@code type} is {@code ancestor} or a subtype of it; {@code false} when a shape is missing on the way. */
    static boolean isSubtype(ClassShapes shapes, String type, String ancestor) {
        if (type.equals(ancestor) || ancestor.equals(OBJECT)) {
            return true;
        }
        Set<String> seen = new HashSet<>();
        Deque<String> work = new ArrayDeque<>();
        work.push(type);
        while (!work.isEmpty()) {
            String at = work.pop();
            if (!seen.add(at)) {
                continue;
            }
            if (at.equals(ancestor)) {
                return true;
            }
            ClassShape shape = shapes.shape(at);
            if (shape == null) {
                continue;
            }
            if (shape.superName() != null) {
                work.push(shape.superName());
            }
            shape.interfaces().forEach(work::push);
        }
        return false;
    }

    static String commonSuperClass(ClassShapes shapes, String type1, String type2) {
        if (isSubtype(shapes, type2, type1)) {
            return type1;
        }
        if (isSubtype(shapes, type1, type2)) {
            return type2;
        }
        ClassShape first = shapes.shape(type1);
        ClassShape second = shapes.shape(type2);
        if (first == null || second == null || first.isInterface() || second.isInterface()) {
            return OBJECT;
        }
        for (String at = first.superName(); at != null; ) {
            if (isSubtype(shapes, type2, at)) {
                return at;
            }
            ClassShape shape = shapes.shape(at);
            at = shape == null ? null : shape.superName();
        }
        return OBJECT;
    }
}
