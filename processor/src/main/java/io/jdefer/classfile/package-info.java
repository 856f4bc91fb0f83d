/**
 * What the two class-file front ends share, the post-compile step ({@code io.jdefer.postcompile})
 * and the agent ({@code io.jdefer.agent}): {@link io.jdefer.classfile.ClassFileRewrite}, their one
 * entry into the rewriter; {@link io.jdefer.classfile.ClassLookup}, class files by name;
 * and {@link io.jdefer.classfile.DeferredScopes}, the {@code @Deferred} scope from class files
 * (SPEC S8, section 5). No user class is ever loaded.
 */
package io.jdefer.classfile;
