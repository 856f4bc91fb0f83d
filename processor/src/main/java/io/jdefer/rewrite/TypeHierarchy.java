package io.jdefer.rewrite;

/**
 * Answers the one question ASM asks while it computes stack map frames: the nearest common
 * superclass of two classes, by internal name. The processor answers from {@code javax.lang.model}
 * and never loads a user class (SPEC section 5).
 */
@FunctionalInterface
public interface TypeHierarchy {
    /** The internal name of the nearest common superclass; {@code java/lang/Object} for interfaces. */
    String commonSuperClass(String type1, String type2);
}
