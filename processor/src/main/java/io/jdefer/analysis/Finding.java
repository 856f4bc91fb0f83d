package io.jdefer.analysis;

/** A diagnostic a check found, before it is reported at a tree. */
record Finding(DiagnosticId id, String text) {}
