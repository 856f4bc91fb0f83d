package io.jdefer.rewrite;

/**
 * The packages of the JDK itself, whose classes jdefer never rewrites: the agent leaves them alone,
 * and so no method of theirs can claim a pending throwable, which is why an action named through
 * one of their types is never offered it (D3).
 */
public final class JdkClasses {
    private static final String[] PACKAGES = {"java/", "javax/", "jdk/", "sun/", "com/sun/"};

    private JdkClasses() {}

    /** Whether the class, by internal name, is in one of the JDK's packages. */
    public static boolean contains(String internalName) {
        for (String prefix : PACKAGES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
