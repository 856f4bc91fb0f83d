package io.jdefer.dump;

/**
 * Who wrote an instruction, and for jdefer's own code what it is for. The label is the listing's
 * mark column (docs/dump.md); it is part of the stable format.
 */
public enum Mark {
    /** javac's code, unchanged. */
    JAVAC(""),
    /** Initializes jdefer's locals on entry (pending throwable, result, masks, captures, frame). */
    PROLOGUE("prolog"),
    /** A registration: stores the action's captured values (SPEC S1). */
    REGISTRATION("reg"),
    /** Sets or tests a site's bit in an open-coded mask (SPEC C3). */
    MASK("mask"),
    /** Calls the frame pool or a deferral frame, or moves the frame between locals (SPEC C4). */
    FRAME("frame"),
    /** A {@code return} routed to the shared epilogue: stores the result and jumps. */
    EXIT("exit"),
    /** The epilogue: runs the actions last-in first-out, then returns or throws (SPEC S2, S6). */
    EPILOGUE("epilog"),
    /** The epilogue's call of one deferred action. */
    ACTION("action"),
    /** Merges what an action threw into the pending throwable (SPEC S4). */
    MERGE("merge"),
    /** The recover() hand-off: in a lambda action, around a method-reference action, in its target (SPEC S5). */
    RECOVER("recover");

    private final String label;

    Mark(String label) {
        this.label = label;
    }

    /** The listing's label; empty for javac's own code. */
    public String label() {
        return label;
    }

    /** Whether jdefer added the instruction. */
    public boolean isJdefer() {
        return this != JAVAC;
    }
}
