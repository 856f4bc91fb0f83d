package io.jdefer.migrate;

import org.openrewrite.java.JavaParser;

/**
 * Source stubs of the jdefer API (SPEC section 2), so that the recipes' templates and their tests
 * attribute {@code defer}, {@code @Deferred} and {@code @Defer} without jdefer-annotations on the
 * recipe's class path or the user's. Signatures are the contract's exactly; bodies are empty.
 */
final class JdeferStubs {
    static final String DEFERS = "io.jdefer.Defers";
    static final String DEFERRED = "io.jdefer.Deferred";
    static final String DEFER = "io.jdefer.Defer";

    private static final String[] SOURCES = {
        "package io.jdefer;\n"
            + "@FunctionalInterface public interface Action<X extends Throwable> { void run() throws X; }\n",
        "package io.jdefer;\n"
            + "public final class Defers {\n"
            + "  private Defers() {}\n"
            + "  public static <X extends Throwable> void defer(Action<X> action) throws X {}\n"
            + "  public static <X extends Throwable> void deferOnError(Action<X> action) throws X {}\n"
            + "  public static <X extends Throwable> void deferOnSuccess(Action<X> action) throws X {}\n"
            + "  public static Throwable recover() { return null; }\n"
            + "}\n",
        "package io.jdefer;\n"
            + "public enum Strategy { AUTO, INLINE, FRAME }\n",
        "package io.jdefer;\n"
            + "import java.lang.annotation.*;\n"
            + "@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE}) @Retention(RetentionPolicy.CLASS)\n"
            + "public @interface Deferred { Strategy value() default Strategy.AUTO; }\n",
        "package io.jdefer;\n"
            + "import java.lang.annotation.*;\n"
            + "@Target(ElementType.TYPE_USE) @Retention(RetentionPolicy.CLASS)\n"
            + "public @interface Defer { String value() default \"close\"; }\n",
    };

    private JdeferStubs() {}

    /** A parser for templates: the running JDK's, plus the stubs. */
    static JavaParser.Builder<?, ?> parser() {
        return JavaParser.fromJavaVersion().dependsOn(SOURCES);
    }
}
