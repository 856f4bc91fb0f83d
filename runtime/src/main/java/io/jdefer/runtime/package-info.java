/**
 * What code rewritten by jdefer calls at run time: the pending-exception rule, deferral frames
 * and their pool, and the hand-off that lets a method-reference action call {@code recover()}.
 *
 * <p>Nothing here is meant to be called by hand; the processor emits the calls. The names and
 * signatures are part of the contract between {@code jdefer-processor} and this artifact.
 */
package io.jdefer.runtime;
