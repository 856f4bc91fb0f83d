package io.jdefer.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.plan.JdeferLowering.Local;
import io.jdefer.plan.JdeferLowering.Region;
import io.jdefer.plan.JdeferLowering.RegionKind;
import io.jdefer.plan.JdeferLowering.Role;
import io.jdefer.plan.JdeferLowering.Site;
import io.jdefer.plan.JdeferLowering.Strategy;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC section 5: the JdeferLowering attribute is the plan serialized, by one reader/writer that the
 * dump tool also uses (section 6: every mark comes from it). Format version 6.
 */
class JdeferLoweringTest {
    private static JdeferLowering sample() {
        return new JdeferLowering(Strategy.FRAME, "site in a loop", "jdefer$grew3", new FramePlan(List.of(2), List.of(1, 0), List.of(),
                true, List.of("Ljava/lang/Object;", "J"), List.of(1, 0)),
                List.of(new Site(0, SiteKind.DEFER, 24, true, false, -1, "ReentrantLock.unlock"),
                        new Site(1, SiteKind.DEFER_LOCAL, 0, false, false, -1, "@Defer Golden$Tx.close"),
                        new Site(2, SiteKind.ON_ERROR, 31, false, true, 70000 % 65535, "lambda body lambda$m$0 é")),
                List.of(new Region(RegionKind.PROLOGUE, 0, 6, -1), new Region(RegionKind.REGISTRATION, 14, 30, 0),
                        new Region(RegionKind.FRAME, 20, 23, 0), new Region(RegionKind.EPILOGUE, 40, 90, -1),
                        new Region(RegionKind.ACTION, 50, 53, 2), new Region(RegionKind.PENDING_TEST, 60, 64, -1),
                        new Region(RegionKind.MERGE, 80, 83, -1), new Region(RegionKind.RECOVER, 84, 87, -1)),
                List.of(new Local(Role.PENDING, 2), new Local(Role.FRAME, 3), new Local(Role.TEMP, 4)));
    }

    @Test
    void writeThenRead_givesTheSameRecord() {
        JdeferLowering lowering = sample();
        byte[] bytes = lowering.write();
        assertEquals(JdeferLowering.VERSION, bytes[0]);
        assertEquals(lowering, JdeferLowering.read(bytes));
        assertArrayEquals(bytes, JdeferLowering.read(bytes).write());
    }

    @Test
    void writeThenRead_ofTheEmptyRecoverOnlyRecord_roundTrips() {
        JdeferLowering lowering = new JdeferLowering(Strategy.NONE, "", "", null, List.of(),
                List.of(new Region(RegionKind.RECOVER, 3, 9, -1)), List.of(new Local(Role.PENDING, 1)));
        assertEquals(lowering, JdeferLowering.read(lowering.write()));
    }

    @Test
    void narrowestRegion_wins_andAddedBytesCountEachByteOnce() {
        JdeferLowering lowering = sample();
        assertEquals(RegionKind.FRAME, lowering.regionAt(21).kind());
        assertEquals(RegionKind.REGISTRATION, lowering.regionAt(24).kind());
        assertEquals(null, lowering.regionAt(10));
        assertEquals(6 + 16 + 50, lowering.addedBytes());
    }

    @Test
    void siteText_namesKindActionLineAndLoop() {
        List<Site> sites = sample().sites();
        assertEquals("defer(ReentrantLock.unlock) line 24 (in a loop)", sites.get(0).toString());
        assertEquals("@Defer Golden$Tx.close", sites.get(1).toString());
    }

    @Test
    void otherVersion_isAnErrorNamingIt() {
        byte[] bytes = sample().write();
        bytes[0] = 2;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JdeferLowering.read(bytes));
        assertTrue(e.getMessage().startsWith("JdeferLowering version 2, this dump reads version 6"), e.getMessage());
    }

    @Test
    void truncatedOrTrailingBytes_areErrors() {
        byte[] bytes = sample().write();
        assertThrows(IllegalArgumentException.class, () -> JdeferLowering.read(Arrays.copyOf(bytes, bytes.length - 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdeferLowering.read(Arrays.copyOf(bytes, bytes.length + 1)));
        assertEquals("have 1 bytes after the JdeferLowering content, want none", e.getMessage());
    }

    @Test
    void innerRegionOutsideEveryOuterOne_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JdeferLowering(Strategy.OPEN_CODED, "", "", null,
                List.of(), List.of(new Region(RegionKind.MASK, 4, 8, -1)), List.of()));
        assertTrue(e.getMessage().contains("outside every outer region"), e.getMessage());
    }

    @Test
    void growthFlagOutsideAFrame_isRejected_D24() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JdeferLowering(Strategy.OPEN_CODED, "",
                "jdefer$grew0", null, List.of(), List.of(), List.of()));
        assertTrue(e.getMessage().contains("want it on a frame only"), e.getMessage());
    }

    @Test
    void siteIdsOutOfRegistrationOrder_areRejected() {
        assertThrows(IllegalArgumentException.class, () -> new JdeferLowering(Strategy.OPEN_CODED, "", "", null,
                List.of(new Site(1, SiteKind.DEFER, 3, false, true, -1, "Action.run")), List.of(), List.of()));
    }

    @Test
    void framePlan_onlyOnAFrame_placingEverySiteOnce_C4() {
        FramePlan frame = new FramePlan(List.of(), List.of(0), List.of(), true, List.of("I"), List.of());
        IllegalArgumentException open = assertThrows(IllegalArgumentException.class, () -> new JdeferLowering(Strategy.OPEN_CODED, "", "",
                frame, List.of(new Site(0, SiteKind.DEFER, 3, false, false, 0, "Action.run")), List.of(), List.of()));
        assertTrue(open.getMessage().contains("want one exactly on a frame"), open.getMessage());
        IllegalArgumentException unplaced = assertThrows(IllegalArgumentException.class, () -> new JdeferLowering(Strategy.FRAME, "", "",
                frame, List.of(new Site(0, SiteKind.DEFER, 3, true, false, -1, "Action.run"),
                        new Site(1, SiteKind.DEFER, 4, true, false, -1, "Action.run")), List.of(), List.of()));
        assertTrue(unplaced.getMessage().contains("want each site placed"), unplaced.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new JdeferLowering(Strategy.FRAME, "", "", null, List.of(), List.of(), List.of()));
    }
}
