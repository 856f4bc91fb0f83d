/**
 * The thin shell that wires jdefer into javac: {@link io.jdefer.processor.DeferProcessor} registers
 * a task listener that runs ANALYZE ({@code io.jdefer.analysis}) when javac has attributed a class
 * and GENERATE ({@code io.jdefer.rewrite}) when javac has written its class file.
 */
package io.jdefer.processor;
