package io.jdefer;

/**
 * How the processor lowers the deferred actions of a {@link Deferred} element.
 *
 * <p>A defer site is <em>static</em> when it can run at most once per invocation (it lies on no
 * cycle of the method's control-flow graph), <em>dynamic</em> otherwise (inside a loop).
 */
public enum Strategy {
    /**
     * Open-coded when every site is static; a pooled frame for the whole method as soon as one
     * site is dynamic. The right choice almost always.
     */
    AUTO,
    /**
     * Open-coded: each site gets a bit in a mask and locals for its captured values; one shared
     * epilogue runs the set bits in reverse. A dynamic site is a compile error naming its loop.
     */
    INLINE,
    /** A pooled deferral frame, even when every site is static. */
    FRAME
}
