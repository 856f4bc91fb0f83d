package io.jdefer.runtime;

import java.util.Arrays;

/**
 * The deferred actions registered by one invocation of a method lowered with a frame (SPEC C4).
 *
 * <p>An entry is a site id plus the values the site captured, in typed stacks: references in
 * {@code refs}, primitives unboxed in {@code prims} (floats and doubles as their raw bits). A
 * registration pushes the values, then the site id; the epilogue pops the site id, pops the
 * site's value counts, reads the values from the returned base index, and dispatches. Entries
 * come out in reverse order of registration, which is S2's LIFO order.
 *
 * <p>A frame belongs to one invocation at a time: it is never shared between threads while in use,
 * so it needs no synchronization. {@link FramePool} lends and takes it back.
 */
public final class DeferFrame {
    static final int INITIAL_CAPACITY = 8;
    /** A frame that grew beyond this many entries or values in any stack is shrunk before it is pooled. */
    static final int RETAINED_CAPACITY = 256;
    /** Ints per entry in {@code sites}: the site id, then {@code refTop} and {@code primTop} after its values. */
    private static final int ENTRY = 3;

    /** Committed entries, {@link #ENTRY} ints each; {@code siteTop} counts ints. */
    private int[] sites = new int[INITIAL_CAPACITY * ENTRY];
    private Object[] refs = new Object[INITIAL_CAPACITY];
    private long[] prims = new long[INITIAL_CAPACITY];
    private int siteTop;
    private int refTop;
    private int primTop;
    /** Highest {@code refTop} since the frame was lent: the slots to clear on return. */
    private int refHigh;
    /** A stack grew since the frame was lent: {@link #clear()} checks the capacities only then. */
    private boolean grown;
    /** Where the frame goes back to: the thread cache or shared pool that made it; {@code null} in unit tests. */
    final FramePool.Home home;

    DeferFrame() {
        this(null);
    }

    DeferFrame(FramePool.Home home) {
        this.home = home;
    }

    /** Pushes a captured reference of the entry being registered. */
    public void pushRef(Object value) {
        if (refTop == refs.length) {
            refs = Arrays.copyOf(refs, refTop * 2);
            grown = true;
        }
        refs[refTop++] = value;
        if (refTop > refHigh) {
            refHigh = refTop;
        }
    }

    /** Pushes a captured {@code boolean}, {@code byte}, {@code char}, {@code short} or {@code int}. */
    public void pushInt(int value) {
        pushLong(value);
    }

    /** Pushes a captured {@code long}. */
    public void pushLong(long value) {
        if (primTop == prims.length) {
            prims = Arrays.copyOf(prims, primTop * 2);
            grown = true;
        }
        prims[primTop++] = value;
    }

    /** Pushes a captured {@code float}, as its raw bits. */
    public void pushFloat(float value) {
        pushLong(Float.floatToRawIntBits(value));
    }

    /** Pushes a captured {@code double}, as its raw bits. */
    public void pushDouble(double value) {
        pushLong(Double.doubleToRawLongBits(value));
    }

    /** Completes the registration of an entry, after its values were pushed: the entry exists from here on. */
    public void pushSite(int site) {
        if (siteTop == sites.length) {
            sites = Arrays.copyOf(sites, siteTop * 2); // may throw: then the entry was never registered
            grown = true;
        }
        sites[siteTop] = site;
        sites[siteTop + 1] = refTop;
        sites[siteTop + 2] = primTop;
        siteTop += ENTRY;
    }

    /**
     * Pops the most recent entry's site id, or returns {@code -1} when no entry is left; the value
     * stacks go back to where that entry left them, so {@link #popRefs(int)} and {@link #popPrims(int)}
     * find its values.
     */
    public int popSite() {
        if (siteTop == 0) {
            return -1;
        }
        siteTop -= ENTRY;
        refTop = sites[siteTop + 1];
        primTop = sites[siteTop + 2];
        return sites[siteTop];
    }

    /** Pops {@code count} references of the current entry and returns the index of the first. */
    public int popRefs(int count) {
        return refTop -= count;
    }

    /** Pops {@code count} primitives of the current entry and returns the index of the first. */
    public int popPrims(int count) {
        return primTop -= count;
    }

    /** Reads a reference popped by {@link #popRefs(int)}. */
    public Object refAt(int index) {
        return refs[index];
    }

    /** Reads an {@code int}-like primitive popped by {@link #popPrims(int)}. */
    public int intAt(int index) {
        return (int) prims[index];
    }

    /** Reads a {@code long} popped by {@link #popPrims(int)}. */
    public long longAt(int index) {
        return prims[index];
    }

    /** Reads a {@code float} popped by {@link #popPrims(int)}. */
    public float floatAt(int index) {
        return Float.intBitsToFloat((int) prims[index]);
    }

    /** Reads a {@code double} popped by {@link #popPrims(int)}. */
    public double doubleAt(int index) {
        return Double.longBitsToDouble(prims[index]);
    }

    // The protocol rewritten methods use: the method keeps the stacks' tops in locals and reads and
    // writes the arrays itself, as a hand-written cleanup array would (a method with one frame site:
    // its captured values only, no site id; otherwise a site id per entry in the site stack, one int
    // each); it asks the frame for an array only when the one it holds has no room (xStack(size));
    // the frame only owns the arrays, so that they are pooled with it. The method nulls each reference slot
    // as it pops it, so the frame has nothing to clear on release. The push/pop methods above are
    // the protocol of earlier versions, kept for the frame's own tests and the anatomy benchmarks.

    /**
     * Zero-length stacks a rewritten method holds until it borrows a frame: one length check then
     * says both "no frame yet" and "no room", so a registration's common path tests only room.
     */
    public static final int[] NO_SITES = {};
    /** The reference stack's stand-in before a frame is borrowed (see {@link #NO_SITES}). */
    public static final Object[] NO_REFS = {};
    /** The primitive stack's stand-in before a frame is borrowed (see {@link #NO_SITES}). */
    public static final long[] NO_PRIMS = {};

    /**
     * The site stack with room for at least {@code size} ids, grown (doubled, or to {@code size} when
     * that is more) when it has less; its ids are kept. A rewritten method calls this only when its
     * room test failed, so the loop it registers in has no loop of its own inside.
     */
    public int[] siteStack(int size) {
        if (sites.length < size) {
            sites = Arrays.copyOf(sites, Math.max(sites.length * 2, size));
            grown = true;
        }
        return sites;
    }

    /** The reference stack with room for at least {@code size} values (see {@link #siteStack(int)}). */
    public Object[] refStack(int size) {
        if (refs.length < size) {
            refs = Arrays.copyOf(refs, Math.max(refs.length * 2, size));
            grown = true;
        }
        return refs;
    }

    /** The primitive stack with room for at least {@code size} values (see {@link #siteStack(int)}). */
    public long[] primStack(int size) {
        if (prims.length < size) {
            prims = Arrays.copyOf(prims, Math.max(prims.length * 2, size));
            grown = true;
        }
        return prims;
    }

    /** Number of entries still registered. */
    public int size() {
        return siteTop / ENTRY;
    }

    /**
     * Forgets every entry and drops the captured references, so a pooled frame keeps no user object
     * alive; shrinks stacks that grew past {@link #RETAINED_CAPACITY}, so the pool's memory stays
     * bounded after one huge invocation.
     */
    void clear() {
        if (grown) {
            grown = false;
            if (refs.length > RETAINED_CAPACITY) {
                refs = new Object[INITIAL_CAPACITY];
                refHigh = 0;
            }
            if (prims.length > RETAINED_CAPACITY) {
                prims = new long[INITIAL_CAPACITY];
            }
            if (sites.length > RETAINED_CAPACITY * ENTRY) {
                sites = new int[INITIAL_CAPACITY * ENTRY];
            }
        }
        if (refHigh > 0) {
            Arrays.fill(refs, 0, refHigh, null);
            refHigh = 0;
        }
        siteTop = 0;
        refTop = 0;
        primTop = 0;
    }

    /** Entries plus values the stacks have room for; for tests of the pool's memory bound. */
    int capacity() {
        return sites.length / ENTRY + refs.length + prims.length;
    }
}
