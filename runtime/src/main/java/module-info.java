/**
 * What code rewritten by jdefer calls at run time. A module that uses jdefer reads it through
 * {@code requires io.jdefer} (which requires this one transitively); nothing here is called by hand.
 */
module io.jdefer.runtime {
    exports io.jdefer.runtime;
}
