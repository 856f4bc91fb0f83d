/**
 * The agent front end, {@code -javaagent:jdefer-processor.jar}: rewrites at load time, through
 * {@link io.jdefer.classfile.ClassFileRewrite}, the classes in {@code @Deferred} scope that were not
 * rewritten at build time. Only wiring: options, the transformer's filters, error reports.
 */
package io.jdefer.agent;
