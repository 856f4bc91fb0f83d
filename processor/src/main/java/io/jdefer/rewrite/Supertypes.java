package io.jdefer.rewrite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Subtyping questions answered from {@link ClassShape}s, with the JVM's view of interfaces. */
final class Supertypes {
    private static final String OBJECT = "java/lang/Object";

    private Supertypes() {}

    /**
     * {@code type} and its supertypes, nearest first (breadth first: a class's superclass before its
     * interfaces); a type whose shape is missing is listed, but nothing above it.
     */
    static List<String> all(ClassShapes shapes, String type) {
        List<String> order = new ArrayList<>();
        Deque<String> work = new ArrayDeque<>(List.of(type));
        Set<String> seen = new HashSet<>();
        while (!work.isEmpty()) {
            String at = work.poll();
            if (!seen.add(at)) {
                continue;
            }
            order.add(at);
            ClassShape shape = shapes.shape(at);
            if (shape != null) {
                if (shape.superName() != null) {
                    work.add(shape.superName());
                }
                work.addAll(shape.interfaces());
            }
        }
        return order;
    }

    /** Whether {@code type} is {@code ancestor} or a subtype of it; {@code false} when a shape is missing on the way. */
    static boolean isSubtype(ClassShapes shapes, String type, String ancestor) {
        return ancestor.equals(OBJECT) || all(shapes, type).contains(ancestor);
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
