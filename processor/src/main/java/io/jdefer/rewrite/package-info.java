/**
 * GENERATE: the bytecode rewriter, a pure function {@code (class bytes, SourcePlan) -> class bytes}
 * ({@link io.jdefer.rewrite.ClassRewriter}). No {@code ProcessingEnvironment}, no I/O, no static
 * mutable state; the only outside knowledge it needs, the class hierarchy for stack map frames,
 * comes in through {@link io.jdefer.rewrite.TypeHierarchy}.
 */
package io.jdefer.rewrite;
