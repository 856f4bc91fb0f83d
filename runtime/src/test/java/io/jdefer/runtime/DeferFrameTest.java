package io.jdefer.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** SPEC C4: a frame's typed stacks give each entry back, last registered first, bit for bit. */
class DeferFrameTest {
    /** What the epilogue does for a site that captured (Object, int, long, float, double, Object). */
    private static String popMixed(DeferFrame frame) {
        int site = frame.popSite();
        int refs = frame.popRefs(2);
        int prims = frame.popPrims(4);
        return site + " " + frame.refAt(refs) + " " + frame.intAt(prims) + " " + frame.longAt(prims + 1) + " "
                + Integer.toHexString(Float.floatToRawIntBits(frame.floatAt(prims + 2))) + " "
                + Long.toHexString(Double.doubleToRawLongBits(frame.doubleAt(prims + 3))) + " " + frame.refAt(refs + 1);
    }

    private static void pushMixed(DeferFrame frame, int site, Object a, int i, long l, float f, double d, Object b) {
        frame.pushRef(a);
        frame.pushInt(i);
        frame.pushLong(l);
        frame.pushFloat(f);
        frame.pushDouble(d);
        frame.pushRef(b);
        frame.pushSite(site);
    }

    @Test
    void entries_comeBackLastFirst_withEveryValueBitForBit_C4() {
        DeferFrame frame = new DeferFrame();
        pushMixed(frame, 0, "a", -1, Long.MIN_VALUE, -0.0f, Double.longBitsToDouble(0x7ff8000000000abcL), null);
        frame.pushSite(7); // a site that captures nothing
        pushMixed(frame, 1, "b", Integer.MIN_VALUE, -1L, Float.intBitsToFloat(0x7fc00123), -0.0, "c");
        assertEquals(3, frame.size());
        assertEquals("1 b -80000000 -1 7fc00123 8000000000000000 c".replace("-80000000", String.valueOf(Integer.MIN_VALUE)), popMixed(frame));
        assertEquals(7, frame.popSite());
        assertEquals("0 a -1 -8000000000000000 80000000 7ff8000000000abc null".replace("-8000000000000000", String.valueOf(Long.MIN_VALUE)),
                popMixed(frame));
        assertEquals(-1, frame.popSite(), "no entry left");
        assertEquals(0, frame.size());
    }

    @Test
    void growth_pastTheInitialCapacity_keepsEveryEntry_C4() {
        DeferFrame frame = new DeferFrame();
        int n = DeferFrame.INITIAL_CAPACITY * 40 + 3;
        for (int i = 0; i < n; i++) {
            frame.pushRef("r" + i);
            frame.pushLong(i * 3L);
            frame.pushSite(i % 5);
        }
        for (int i = n - 1; i >= 0; i--) {
            assertEquals(i % 5, frame.popSite());
            assertEquals("r" + i, frame.refAt(frame.popRefs(1)));
            assertEquals(i * 3L, frame.longAt(frame.popPrims(1)));
        }
        assertEquals(-1, frame.popSite());
    }

    @Test
    void clear_dropsCapturedReferences_andKeepsSmallStacks_C4() {
        DeferFrame frame = new DeferFrame();
        Object captured = new Object();
        for (int i = 0; i < 20; i++) {
            frame.pushRef(captured);
            frame.pushSite(0);
        }
        while (frame.popSite() >= 0) {
            frame.popRefs(1);
        }
        int capacity = frame.capacity();
        frame.clear();
        for (int i = 0; i < 20; i++) {
            assertNull(frame.refAt(i), "slot " + i + " still holds a captured object");
        }
        assertEquals(capacity, frame.capacity(), "stacks within RETAINED_CAPACITY are kept: no allocation next time");
    }

    @Test
    void stacksWithRoom_growToTheSizeAsked_keepTheirValues_andShrinkOnClear_C4() {
        DeferFrame frame = new DeferFrame();
        Object[] refs = frame.refStack(3);
        assertSame(frame.refStack(1), refs, "room enough: the same array, nothing copied");
        refs[0] = "kept";
        long[] prims = frame.primStack(5);
        prims[4] = -7L;
        int[] sites = frame.siteStack(1);
        sites[0] = 42;
        // a site capturing 300 values at its second entry: one call, past a mere doubling
        Object[] grown = frame.refStack(300);
        assertEquals(true, grown.length >= 300);
        assertEquals("kept", grown[0], "values survive growth");
        assertSame(grown, frame.refStack(0), "the frame holds the grown array");
        assertEquals(-7L, frame.primStack(17)[4]);
        assertEquals(true, frame.primStack(0).length >= 17);
        assertEquals(42, frame.siteStack(2 * DeferFrame.RETAINED_CAPACITY * 3)[0]);
        grown[0] = null; // the method nulls what it pops
        int smallPrims = frame.primStack(0).length;
        frame.clear();
        assertEquals(2 * DeferFrame.INITIAL_CAPACITY + smallPrims, frame.capacity(),
                "on clear the stacks grown past RETAINED_CAPACITY are dropped, the one within it is kept");
        assertEquals(0, DeferFrame.NO_REFS.length + DeferFrame.NO_PRIMS.length + DeferFrame.NO_SITES.length,
                "the stand-ins a method holds before it borrows a frame have no room: its first room test fails");
    }

    @Test
    void clear_shrinksStacksThatGrewPastTheRetainedCapacity_C4() {
        DeferFrame frame = new DeferFrame();
        for (int i = 0; i < 1_000_000; i++) {
            frame.pushRef(frame);
            frame.pushInt(i);
            frame.pushSite(0);
        }
        assertSame(frame, frame.refAt(999_999));
        assertEquals(true, frame.capacity() >= 3_000_000);
        frame.clear();
        assertEquals(3 * DeferFrame.INITIAL_CAPACITY, frame.capacity());
        assertEquals(0, frame.size());
    }

    @Test
    void clear_keepsAStackOfExactlyTheRetainedCapacity_C4() {
        DeferFrame frame = new DeferFrame();
        for (int i = 0; i < DeferFrame.RETAINED_CAPACITY; i++) {
            frame.pushRef(null);
            frame.pushLong(i);
            frame.pushSite(0);
        }
        assertEquals(3 * DeferFrame.RETAINED_CAPACITY, frame.capacity());
        frame.clear();
        assertEquals(3 * DeferFrame.RETAINED_CAPACITY, frame.capacity(), "at the bound, kept");
    }

    /**
     * A registration can stop between its captures and its site id: {@code OutOfMemoryError} while
     * a stack grows, {@code StackOverflowError} at a push call. The method then exits by that
     * error and its epilogue pops the entries that did complete; they must get their own captures
     * back, not the orphans of the broken registration (which would, say, unlock the wrong lock).
     */
    @Test
    void aRegistrationInterruptedAfterItsCaptures_leavesEarlierEntriesIntact_S2_C4() {
        DeferFrame frame = new DeferFrame();
        frame.pushRef("lock 0");
        frame.pushLong(0);
        frame.pushSite(3);
        frame.pushRef("lock 1");
        frame.pushLong(1);
        frame.pushSite(3);
        frame.pushRef("lock 2, orphan"); // the next registration's captures, then the error: no pushSite
        frame.pushLong(2);
        for (int i = 1; i >= 0; i--) {
            assertEquals(3, frame.popSite());
            assertEquals("lock " + i, frame.refAt(frame.popRefs(1)));
            assertEquals(i, frame.longAt(frame.popPrims(1)));
        }
        assertEquals(-1, frame.popSite());
    }
}
