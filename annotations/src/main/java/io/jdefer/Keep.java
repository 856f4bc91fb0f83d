package io.jdefer;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an annotation whose elements are used by generated code, for static analyzers that honour
 * a meta-annotation of this simple name: Error Prone's {@code UnusedVariable} does not report a
 * local annotated with an annotation annotated {@code @Keep} (issue 12, D14). {@link Defer} carries
 * it: the rewriter reads a {@code @Defer} local at exit, where no source reads it. Not API.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.ANNOTATION_TYPE)
@interface Keep {}
