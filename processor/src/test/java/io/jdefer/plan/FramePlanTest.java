package io.jdefer.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC C4 and section 5: a frame method's {@link FramePlan} says where each site goes and what an
 * entry holds; the lowering follows it, and what {@code -Ajdefer.verbose} and the dump print is its
 * {@link FramePlan#describe()}. These pin which plans are well formed and what each one means.
 */
class FramePlanTest {
    @Test
    void sitesOfOneCycle_storeNoId_andBorrowOnlyForValues_D35() {
        FramePlan cycle = new FramePlan(List.of(), List.of(0, 1), List.of(), true, List.of("Ljava/lang/Object;"), List.of(0, 1));
        assertFalse(cycle.storesIds());
        assertTrue(cycle.borrows());
        assertEquals("entries of one layout (Object), site from the position in a cycle of 2", cycle.describe());
        FramePlan counted = new FramePlan(List.of(), List.of(0, 1), List.of(), true, List.of(), List.of(1, 0));
        assertFalse(counted.borrows());
        assertEquals("a count, site from the position in a cycle of 2, no frame", counted.describe());
    }

    @Test
    void sitesOfOneLayoutOutOfCycle_storeIds_andBorrow_D34() {
        FramePlan ids = new FramePlan(List.of(), List.of(0, 1), List.of(), true, List.of(), List.of());
        assertTrue(ids.storesIds());
        assertTrue(ids.borrows(), "a site id is a value to keep");
        assertEquals("entries of a site id only", ids.describe());
        FramePlan one = new FramePlan(List.of(), List.of(0), List.of(), true, List.of(), List.of());
        assertFalse(one.borrows());
        assertEquals("a count, no frame", one.describe());
    }

    @Test
    void severalLayouts_keepIdsOnTheFrame_andNameTheStaticSites() {
        FramePlan general = new FramePlan(List.of(0), List.of(1, 2), List.of(3), false, List.of(), List.of());
        assertTrue(general.storesIds());
        assertTrue(general.borrows());
        assertEquals("entries of several layouts, with site ids, on the frame's arrays, open-coded beside the frame: #0 before the"
                + " entries and #3 after them", general.describe());
        FramePlan lockLoop = new FramePlan(List.of(0), List.of(1), List.of(), true, List.of("J", "I", "[Ljava/lang/String;"), List.of());
        assertEquals("entries of one layout (long, int, String[]), open-coded beside the frame: #0 before the entries", lockLoop.describe());
    }

    @Test
    void malformedPlans_areRejected() {
        assertThrows(IllegalArgumentException.class, () -> new FramePlan(List.of(0), List.of(), List.of(), true, List.of(), List.of()),
                "no site on the frame");
        assertThrows(IllegalArgumentException.class, () -> new FramePlan(List.of(0), List.of(0), List.of(), true, List.of(), List.of()),
                "a site placed twice");
        assertThrows(IllegalArgumentException.class, () -> new FramePlan(List.of(), List.of(0, 1), List.of(), true, List.of(), List.of(0, 0)),
                "two sites at one phase");
        assertThrows(IllegalArgumentException.class, () -> new FramePlan(List.of(), List.of(0), List.of(), true, List.of(), List.of(0)),
                "a cycle of one site");
        assertThrows(IllegalArgumentException.class, () -> new FramePlan(List.of(), List.of(0, 1), List.of(), false, List.of("I"), List.of()),
                "slots with several layouts");
        FramePlan plan = new FramePlan(List.of(), List.of(0, 2), List.of(), true, List.of(), List.of());
        assertFalse(plan.placesEach(2), "site 2 of two sites");
        assertFalse(plan.placesEach(3), "site 1 of three unplaced");
        assertTrue(new FramePlan(List.of(1), List.of(0, 2), List.of(), true, List.of(), List.of()).placesEach(3));
    }
}
