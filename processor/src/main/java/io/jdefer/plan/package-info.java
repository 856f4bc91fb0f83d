/**
 * The immutable model that flows from ANALYZE to GENERATE: what the source says about each class
 * in {@code @Deferred} scope. Built by {@code io.jdefer.analysis}, read by {@code io.jdefer.rewrite};
 * it holds no compiler object, so the rewriter stays a pure function of bytes and plan.
 */
package io.jdefer.plan;
