/**
 * ANALYZE: a scan of javac's attributed trees that finds the jdefer API by symbol, checks every
 * use (SPEC C1) and builds one {@link io.jdefer.plan.SourcePlan} per class file. One rule per
 * {@code XxxCheck} class; every diagnostic has an id in {@link io.jdefer.analysis.DiagnosticId}.
 */
package io.jdefer.analysis;
