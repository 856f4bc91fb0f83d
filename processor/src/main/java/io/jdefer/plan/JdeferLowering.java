package io.jdefer.plan;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What the rewriter decided for one method, and its one serialized form: the {@code JdeferLowering}
 * method attribute (SPEC section 5: the plan serialized, by one reader/writer; section 6: every
 * mark of the dump comes from it). The rewriter's {@code LoweringMarks} fills it and calls
 * {@link #write()}; the dump tool calls {@link #read(byte[])}. The JVM ignores the attribute.
 * Format, version 6 (docs/how-it-works.md, "The JdeferLowering attribute"):
 *
 * <pre>
 *   u1 version = 6
 *   u1 strategy            0 none (only the recover() hand-off), 1 open-coded, 2 frame, 3 an
 *                            exceptional exit jdefer added to the class (D37), run only from handlers
 *   utf8 reason            the strategy gate's reason ("site in a loop"; empty for plain open-coding)
 *   utf8 growth_flag       the static field whose setting makes a frame method's prologue borrow
 *                            (D24), or empty
 *   u1 has_frame           1 for a frame method, then its {@link FramePlan}: u1 one_layout (0 or 1),
 *                            three id lists (u2 count, then u2 per site id: before, on the frame,
 *                            after), u2 slot_count and a utf8 descriptor per slot, u2 phase_count
 *                            and a u2 per phase; 0 otherwise
 *   u2 site_count          per site, in registration order:
 *                            u2 id (its index), u1 kind (0 defer, 1 deferOnError, 2 deferOnSuccess,
 *                            3 @Defer local), u2 line (0: unknown), u1 flags (1: dynamic, on a
 *                            cycle; 2: its first capture flags its registration), u2 bit (its bit in
 *                            the open-coded masks; 0xFFFF: none), utf8 action (Tx.rollback,
 *                            lambda body lambda$m$0, Action.run, @Defer Res.close)
 *   u2 region_count        per region: u1 kind, u2 start_pc, u2 end_pc (exclusive), u2 site (0xFFFF: none)
 *   u2 local_count         per local jdefer added: u1 role, u2 slot
 *   utf8 = u2 length, then that many bytes of UTF-8
 * </pre>
 *
 * Regions of an {@linkplain RegionKind#outer() outer} kind hold every byte jdefer added and do not
 * overlap; the others refine one part of an outer region and lie inside one.
 */
public record JdeferLowering(Strategy strategy, String reason, String growthFlag, FramePlan frame, List<Site> sites,
                             List<Region> regions, List<Local> locals) {
    public static final String ATTRIBUTE = "JdeferLowering";
    public static final int VERSION = 6;
    private static final int NONE = 0xFFFF;

    public JdeferLowering {
        if (strategy == null || reason == null || growthFlag == null) {
            throw new IllegalArgumentException("have a null strategy, reason or growth flag, want each");
        }
        if (!growthFlag.isEmpty() && strategy != Strategy.FRAME) {
            throw new IllegalArgumentException("have growth flag " + growthFlag + " with strategy " + strategy + ", want it on a frame only");
        }
        if ((frame != null) != (strategy == Strategy.FRAME)) {
            throw new IllegalArgumentException("have frame plan " + frame + " with strategy " + strategy + ", want one exactly on a frame");
        }
        sites = List.copyOf(sites);
        regions = List.copyOf(regions);
        locals = List.copyOf(locals);
        for (int i = 0; i < sites.size(); i++) {
            if (sites.get(i).id() != i) {
                throw new IllegalArgumentException("have site id " + sites.get(i).id() + " at index " + i + ", want ids in registration order");
            }
        }
        if (frame != null && !frame.placesEach(sites.size())) {
            throw new IllegalArgumentException("have frame plan " + frame + " for " + sites.size() + " sites, want each site placed");
        }
        for (Region region : regions) {
            if (region.site() >= sites.size()) {
                throw new IllegalArgumentException("have a " + region.kind() + " region of site " + region.site() + ", want one of "
                        + sites.size() + " sites");
            }
            if (!region.kind().outer() && regions.stream().noneMatch(o -> o.kind().outer() && o.start() <= region.start()
                    && region.end() <= o.end())) {
                throw new IllegalArgumentException("have a " + region.kind() + " region at pc " + region.start() + " to " + region.end()
                        + " outside every outer region, want it inside one");
            }
        }
    }

    /** The lowering a method got (SPEC C2..C4). */
    public enum Strategy {
        NONE("none (recover hand-off only)"),
        OPEN_CODED("open-coded"),
        FRAME("frame"),
        /** A method jdefer added to the class: the exceptional exit of open-coded methods, called only from their handlers (D37). */
        EXIT("exceptional exit, out of line (added by jdefer, called only from handlers)");

        private final String label;

        Strategy(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * A registration site. {@code bit} is its bit in the open-coded masks, or -1 (a frame site, or
     * one whose first capture, null until it registers, is its flag: {@code flaggedByCapture}).
     */
    public record Site(int id, SiteKind kind, int line, boolean dynamic, boolean flaggedByCapture, int bit, String action) {
        public Site {
            if (kind == null || action == null || line < 0 || bit < -1 || bit >= NONE) {
                throw new IllegalArgumentException("have site " + id + " " + kind + " line " + line + " bit " + bit + " action " + action
                        + ", want a kind, an action, line >= 0 and bit in -1..65534");
            }
        }

        @Override
        public String toString() {
            String call = kind == SiteKind.DEFER_LOCAL ? action : kind.apiName() + "(" + action + ")";
            return call + (line > 0 ? " line " + line : "") + (dynamic ? " (in a loop)" : "");
        }
    }

    /** What jdefer's code in a region is for. Outer kinds cover all it added; the others refine a part of one. */
    public enum RegionKind {
        /** Initializes jdefer's locals on entry. */
        PROLOGUE(true),
        /** A registration (SPEC S1), with its null check. */
        REGISTRATION(true),
        /** A {@code return} routed to the epilogue. */
        EXIT(true),
        /** The epilogue: actions LIFO, completion, handlers (S2, S4, S6). */
        EPILOGUE(true),
        /** The {@code recover()} hand-off (S5): in a lambda action or a claiming method (outer), {@code Recovery} calls in an epilogue (inner). */
        RECOVER(true),
        /** Sets, tests or clears a site's bit (C3). */
        MASK(false),
        /** Frame traffic: the pool, the frame's calls, its stack array, the site-id dispatch (C4). */
        FRAME(false),
        /** The call of one deferred action. */
        ACTION(false),
        /** {@code Deferrals.merge}: what an action threw joins the pending throwable (S4). */
        MERGE(false),
        /** A test of the pending throwable ({@code aload P; ifnull|ifnonnull}): its branch to one side runs only while an exception is pending. */
        PENDING_TEST(false);

        private final boolean outer;

        RegionKind(boolean outer) {
            this.outer = outer;
        }

        /** Whether regions of this kind may stand alone; {@code RECOVER} also appears inside an epilogue. */
        public boolean outer() {
            return outer;
        }
    }

    /** Code jdefer added, pcs {@code [start, end)}; {@code site} the site it belongs to, or -1. */
    public record Region(RegionKind kind, int start, int end, int site) {
        public Region {
            if (kind == null || start < 0 || end <= start || end > NONE || site < -1) {
                throw new IllegalArgumentException("have region " + kind + " pc " + start + " to " + end + ", want 0 <= start < end");
            }
        }

        public boolean contains(int pc) {
            return pc >= start && pc < end;
        }
    }

    /** What a local variable slot jdefer added holds. */
    public enum Role {
        PENDING("pending"),
        RESULT("result"),
        MASK("mask"),
        CAPTURE("capture"),
        FRAME("frame"),
        REFS("refs"),
        PRIMS("prims"),
        TEMP("temp"),
        CLAIMED("claimed"),
        CLAIMED_FLAG("claimedFlag"),
        STACK("stack"),
        TOP("top");

        private final String label;

        Role(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public record Local(Role role, int slot) {
        public Local {
            if (role == null || slot < 0 || slot >= NONE) {
                throw new IllegalArgumentException("have local " + role + " in slot " + slot + ", want a role and a slot");
            }
        }
    }

    /** The narrowest region holding {@code pc}, or {@code null} for the method's own code. */
    public Region regionAt(int pc) {
        Region found = null;
        for (Region region : regions) {
            if (region.contains(pc) && (found == null || region.end() - region.start() < found.end() - found.start())) {
                found = region;
            }
        }
        return found;
    }

    /** Bytes of code jdefer added: those some region covers. */
    public int addedBytes() {
        BitSet covered = new BitSet();
        for (Region region : regions) {
            covered.set(region.start(), region.end());
        }
        return covered.cardinality();
    }

    /** The attribute's content. */
    public byte[] write() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(VERSION);
        out.write(strategy.ordinal());
        utf8(out, reason);
        utf8(out, growthFlag);
        out.write(frame == null ? 0 : 1);
        if (frame != null) {
            out.write(frame.oneLayout() ? 1 : 0);
            u2s(out, frame.before());
            u2s(out, frame.onFrame());
            u2s(out, frame.after());
            u2(out, frame.slots().size());
            frame.slots().forEach(slot -> utf8(out, slot));
            u2s(out, frame.phases());
        }
        u2(out, sites.size());
        for (Site site : sites) {
            u2(out, site.id());
            out.write(site.kind().ordinal());
            u2(out, site.line());
            out.write((site.dynamic() ? 1 : 0) | (site.flaggedByCapture() ? 2 : 0));
            u2(out, site.bit() < 0 ? NONE : site.bit());
            utf8(out, site.action());
        }
        u2(out, regions.size());
        for (Region region : regions) {
            out.write(region.kind().ordinal());
            u2(out, region.start());
            u2(out, region.end());
            u2(out, region.site() < 0 ? NONE : region.site());
        }
        u2(out, locals.size());
        for (Local local : locals) {
            out.write(local.role().ordinal());
            u2(out, local.slot());
        }
        return out.toByteArray();
    }

    /**
     * Parses the attribute's content.
     *
     * @throws IllegalArgumentException for another version, a value out of range, or content truncated or too long
     */
    public static JdeferLowering read(byte[] content) {
        Reader in = new Reader(content);
        int version = in.u1();
        if (version != VERSION) {
            throw new IllegalArgumentException("JdeferLowering version " + version + ", this dump reads version " + VERSION
                    + ": use the jdefer-dump of the same release as jdefer-processor");
        }
        Strategy strategy = in.oneOf(Strategy.values(), "strategy");
        String reason = in.utf8();
        String growthFlag = in.utf8();
        FramePlan frame = null;
        if (in.flag("has_frame")) {
            boolean oneLayout = in.flag("one_layout");
            List<Integer> before = in.u2s();
            List<Integer> onFrame = in.u2s();
            List<Integer> after = in.u2s();
            int slotCount = in.u2();
            List<String> slots = new ArrayList<>(slotCount);
            for (int i = 0; i < slotCount; i++) {
                slots.add(in.utf8());
            }
            frame = new FramePlan(before, onFrame, after, oneLayout, slots, in.u2s());
        }
        int siteCount = in.u2();
        List<Site> sites = new ArrayList<>(siteCount);
        for (int i = 0; i < siteCount; i++) {
            int id = in.u2();
            SiteKind kind = in.oneOf(SiteKind.values(), "site kind");
            int line = in.u2();
            int flags = in.u1();
            if ((flags & ~3) != 0) {
                throw new IllegalArgumentException("have site flags " + flags + ", want 0..3");
            }
            int bit = in.u2();
            sites.add(new Site(id, kind, line, (flags & 1) != 0, (flags & 2) != 0, bit == NONE ? -1 : bit, in.utf8()));
        }
        int regionCount = in.u2();
        List<Region> regions = new ArrayList<>(regionCount);
        for (int i = 0; i < regionCount; i++) {
            RegionKind kind = in.oneOf(RegionKind.values(), "region kind");
            int start = in.u2();
            int end = in.u2();
            int site = in.u2();
            regions.add(new Region(kind, start, end, site == NONE ? -1 : site));
        }
        int localCount = in.u2();
        List<Local> locals = new ArrayList<>(localCount);
        for (int i = 0; i < localCount; i++) {
            Role role = in.oneOf(Role.values(), "local role");
            locals.add(new Local(role, in.u2()));
        }
        in.end();
        return new JdeferLowering(strategy, reason, growthFlag, frame, sites, regions, locals);
    }

    private static void u2(ByteArrayOutputStream out, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalStateException("have " + value + ", want a u2");
        }
        out.write(value >>> 8);
        out.write(value);
    }

    private static void u2s(ByteArrayOutputStream out, List<Integer> values) {
        u2(out, values.size());
        values.forEach(value -> u2(out, value));
    }

    private static void utf8(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        u2(out, bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    private static final class Reader {
        private final byte[] bytes;
        private int at;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int u1() {
            if (at >= bytes.length) {
                throw new IllegalArgumentException("JdeferLowering attribute truncated at byte " + at);
            }
            return bytes[at++] & 0xFF;
        }

        int u2() {
            return (u1() << 8) | u1();
        }

        boolean flag(String what) {
            int value = u1();
            if (value > 1) {
                throw new IllegalArgumentException("have " + what + " " + value + ", want 0 or 1");
            }
            return value == 1;
        }

        List<Integer> u2s() {
            int count = u2();
            List<Integer> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(u2());
            }
            return values;
        }

        String utf8() {
            int length = u2();
            if (at + length > bytes.length) {
                throw new IllegalArgumentException("JdeferLowering attribute truncated at byte " + bytes.length + ", want " + (at + length));
            }
            String text = new String(bytes, at, length, StandardCharsets.UTF_8);
            at += length;
            return text;
        }

        <E> E oneOf(E[] values, String what) {
            int value = u1();
            if (value >= values.length) {
                throw new IllegalArgumentException("have " + what + " " + value + ", want 0.." + (values.length - 1));
            }
            return values[value];
        }

        void end() {
            if (at != bytes.length) {
                throw new IllegalArgumentException("have " + (bytes.length - at) + " bytes after the JdeferLowering content, want none");
            }
        }
    }
}
