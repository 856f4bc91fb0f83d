package io.jdefer;

import static java.lang.annotation.ElementType.CONSTRUCTOR;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method, constructor or type whose bodies may call {@link Defers#defer(Action)},
 * {@link Defers#deferOnError(Action)}, {@link Defers#deferOnSuccess(Action)} and declare
 * {@link Defer} locals. At compile time the jdefer annotation processor rewrites the bytecode of
 * every body in scope so that the registered actions run in reverse order on every exit.
 *
 * <pre>{@code
 * @Deferred
 * Response handle(Request r) throws IOException {
 *     mu.lock();
 *     defer(mu::unlock);           // runs last
 *     Span span = tracer.start("handle");
 *     defer(span::end);            // runs first
 *     return respond(r);
 * }
 * }</pre>
 *
 * <p>On a type, it covers every method and constructor of the type and of its nested, local and
 * anonymous classes, and every lambda inside them. A lambda body and each method of a nested class
 * is its own invocation scope (SPEC S8). The {@link Strategy} of the nearest enclosing
 * {@code @Deferred} applies.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({METHOD, CONSTRUCTOR, TYPE})
public @interface Deferred {
    /** How the deferred actions are lowered; {@link Strategy#AUTO} unless there is a reason. */
    Strategy value() default Strategy.AUTO;
}
