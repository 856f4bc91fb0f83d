/**
 * The post-compile front end, {@code java -jar jdefer-processor.jar <classes dir | jar>...}: rewrites
 * class files in place after any compiler, through {@link io.jdefer.classfile.ClassFileRewrite}.
 * Only wiring: arguments, files, jar entries, exit status.
 */
package io.jdefer.postcompile;
