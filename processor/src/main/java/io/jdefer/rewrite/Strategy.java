package io.jdefer.rewrite;

/** The lowering a scope got. */
public enum Strategy {
    /** SPEC C3: bit mask and locals, one shared epilogue. */
    OPEN_CODED,
    /** SPEC C4: a pooled deferral frame. */
    FRAME;

    @Override
    public String toString() {
        return this == OPEN_CODED ? "open-coded" : "frame";
    }
}
