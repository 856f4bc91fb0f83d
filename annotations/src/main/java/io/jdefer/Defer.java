package io.jdefer;

import static java.lang.annotation.ElementType.TYPE_USE;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Defers a no-argument method of a local variable, Go style, in the same LIFO order as
 * {@link Defers#defer(Action)} calls (SPEC S9).
 *
 * <pre>{@code
 * @Defer InputStream in = Files.newInputStream(path);   // in.close() at exit
 * @Defer("unlock") Lock lock = lockFor(key);            // lock.unlock() at exit
 * }</pre>
 *
 * <p>{@code @Defer T x = e;} behaves as {@code T x = e; if (x != null) defer(x::close);}. The local
 * needs an explicit type (not {@code var}) and an initializer, and the type needs an instance
 * method of that name with no parameters. Allowed only in {@link Deferred} scope.
 *
 * <p>No source reads a {@code @Defer} local that is only closed at exit: Error Prone's
 * {@code UnusedVariable} leaves it alone (this annotation is meta-annotated {@code @Keep}). ECJ's
 * "Resource leak" and Error Prone's {@code StreamResourceLeak} cannot be told: see
 * docs/setup-warnings.md for their one-line {@code @SuppressWarnings}.
 */
@Documented
@Keep
@Retention(RetentionPolicy.CLASS)
@Target(TYPE_USE)
public @interface Defer {
    /** The name of the no-argument method to call at exit. */
    String value() default "close";
}
