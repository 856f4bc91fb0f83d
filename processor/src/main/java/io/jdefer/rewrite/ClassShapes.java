package io.jdefer.rewrite;

/**
 * The classes around the one being rewritten, by internal name: for stack map frames (the common
 * superclass of two types) and for resolving the method a {@code @Defer} local names. The
 * processor answers from {@code javax.lang.model}, the post-compile step and the agent from class
 * files; no implementation loads a user class (SPEC section 5).
 */
public interface ClassShapes extends TypeHierarchy {
    /** The shape of the class or interface, or {@code null} when it cannot be found. */
    ClassShape shape(String internalName);

    /** Common superclass from {@link #shape}: the default for implementations without a better answer. */
    @Override
    default String commonSuperClass(String type1, String type2) {
        return Supertypes.commonSuperClass(this, type1, type2);
    }
}
