package io.jdefer.plan;

/** The three kinds of invocation scope (SPEC S8). */
public enum ScopeKind {
    METHOD,
    CONSTRUCTOR,
    LAMBDA
}
