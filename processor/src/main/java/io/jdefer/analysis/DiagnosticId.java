package io.jdefer.analysis;

import javax.tools.Diagnostic;

/**
 * Every diagnostic jdefer reports, with its stable id. Each has a page
 * {@code docs/diagnostics/NAME.md}; messages read {@code [jdefer:NAME] what is wrong; what to do}.
 */
public enum DiagnosticId {
    OUTSIDE_SCOPE(Diagnostic.Kind.ERROR),
    DEFER_IN_INITIALIZER(Diagnostic.Kind.ERROR),
    DEFER_BEFORE_SUPER(Diagnostic.Kind.ERROR),
    DEFER_REFERENCE(Diagnostic.Kind.ERROR),
    INLINE_IN_LOOP(Diagnostic.Kind.ERROR),
    DEFER_LOCAL_VAR(Diagnostic.Kind.ERROR),
    DEFER_LOCAL_NO_INITIALIZER(Diagnostic.Kind.ERROR),
    DEFER_LOCAL_NOT_LOCAL(Diagnostic.Kind.ERROR),
    DEFER_LOCAL_NO_METHOD(Diagnostic.Kind.ERROR),
    DEFER_LOCAL_NOT_LOCATED(Diagnostic.Kind.ERROR),
    DEFER_LOCAL_REASSIGNED(Diagnostic.Kind.ERROR),
    DEFER_LOCAL_ENDS_BLOCK(Diagnostic.Kind.ERROR),
    DEFER_LOCAL_UNREPORTED(Diagnostic.Kind.ERROR),
    RECOVER_NEVER(Diagnostic.Kind.WARNING),
    METHOD_TOO_LARGE(Diagnostic.Kind.ERROR),
    TOO_MANY_LOCALS(Diagnostic.Kind.ERROR),
    OPERAND_STACK_TOO_DEEP(Diagnostic.Kind.ERROR),
    CONSTANT_POOL_FULL(Diagnostic.Kind.ERROR),
    NO_CLASS_FILE(Diagnostic.Kind.ERROR),
    NOT_JAVAC(Diagnostic.Kind.ERROR),
    INTERNAL(Diagnostic.Kind.ERROR);

    private final Diagnostic.Kind kind;

    DiagnosticId(Diagnostic.Kind kind) {
        this.kind = kind;
    }

    public Diagnostic.Kind kind() {
        return kind;
    }

    /** The full message: the tag, then the text. */
    public String format(String text) {
        return "[jdefer:" + name() + "] " + text;
    }
}
