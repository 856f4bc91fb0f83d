package io.jdefer.rewrite;

import org.objectweb.asm.ClassWriter;

/** A {@link ClassWriter} that computes frames with a {@link TypeHierarchy} instead of class loading. */
final class HierarchyClassWriter extends ClassWriter {
    private final TypeHierarchy hierarchy;

    HierarchyClassWriter(TypeHierarchy hierarchy) {
        super(COMPUTE_FRAMES);
        this.hierarchy = hierarchy;
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        if (type1.equals(type2)) {
            return type1;
        }
        return hierarchy.commonSuperClass(type1, type2);
    }
}
