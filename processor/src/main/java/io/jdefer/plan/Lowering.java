package io.jdefer.plan;

/** The lowering a method got (SPEC C2-C4), or only the {@code recover()} hand-off. */
public enum Lowering {
    /** SPEC C3: bit mask and locals, one shared epilogue. */
    OPEN_CODED("open-coded"),
    /** SPEC C4: a pooled deferral frame. */
    FRAME("frame"),
    /** No registration: the method only takes part in the {@code recover()} hand-off (S5). */
    NONE("none");

    private final String text;

    Lowering(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
