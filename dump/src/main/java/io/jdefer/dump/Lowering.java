package io.jdefer.dump;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What jdefer's rewriter did to one method, read back from its {@code JdeferLowering} method
 * attribute (format version 2, written by {@code io.jdefer.rewrite.LoweringMarks}):
 *
 * <pre>
 *   u1 version = 2
 *   u1 strategy            0 none (only the recover() hand-off), 1 open-coded, 2 frame
 *   u2 site_count          per site: u1 kind, u2 source line (0 unknown), u1 dynamic
 *   u2 region_count        per region: u1 kind, u2 start_pc, u2 end_pc (exclusive)
 *   u2 local_count         per local jdefer added: u1 role, u2 slot (version 2 only)
 * </pre>
 *
 * Version 1 (no local table) is read too; its locals are then named from the emitters' patterns.
 *
 * The attribute travels with the class file, so any rewritten class can be dumped, wherever it
 * was compiled.
 */
public record Lowering(Strategy strategy, List<Site> sites, List<Region> regions, Map<Integer, LocalRole> locals) {
    public static final String ATTRIBUTE = "JdeferLowering";
    static final int VERSION = 2;

    public Lowering {
        sites = List.copyOf(sites);
        regions = List.copyOf(regions);
        locals = Collections.unmodifiableMap(new LinkedHashMap<>(locals));
    }

    /** What a local slot jdefer added holds (version 2). */
    public enum LocalRole {
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

        LocalRole(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The lowering a method got (SPEC C2..C4). */
    public enum Strategy {
        NONE("none (recover hand-off only)"),
        OPEN_CODED("open-coded"),
        FRAME("frame");

        private final String label;

        Strategy(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public enum SiteKind {
        DEFER("defer"),
        ON_ERROR("deferOnError"),
        ON_SUCCESS("deferOnSuccess"),
        DEFER_LOCAL("@Defer");

        private final String apiName;

        SiteKind(String apiName) {
            this.apiName = apiName;
        }

        public String apiName() {
            return apiName;
        }
    }

    /** A registration site; {@code line} is 0 when unknown; {@code dynamic} when on a cycle (SPEC C2). */
    public record Site(SiteKind kind, int line, boolean dynamic) {
        @Override
        public String toString() {
            return kind.apiName() + (line > 0 ? " line " + line : "") + (dynamic ? " (in a loop)" : "");
        }
    }

    public enum RegionKind {
        PROLOGUE,
        REGISTRATION,
        EXIT,
        EPILOGUE,
        RECOVER
    }

    /** Code jdefer added, as a pc range {@code [start, end)}. */
    public record Region(RegionKind kind, int start, int end) {
        boolean contains(int pc) {
            return pc >= start && pc < end;
        }
    }

    /** The region holding {@code pc}, or {@code null} for the code javac wrote. */
    public Region regionAt(int pc) {
        Region found = null;
        for (Region region : regions) {
            // Regions do not overlap, except that a registration may sit inside nothing else; the
            // narrowest wins should a later format nest them.
            if (region.contains(pc) && (found == null || region.end() - region.start() < found.end() - found.start())) {
                found = region;
            }
        }
        return found;
    }

    /** Bytes of code jdefer added: the sum of the regions' lengths. */
    public int addedBytes() {
        int sum = 0;
        for (Region region : regions) {
            sum += region.end() - region.start();
        }
        return sum;
    }

    /**
     * Parses the attribute's content.
     *
     * @throws IllegalArgumentException for a version this dump does not know or truncated content
     */
    public static Lowering parse(byte[] content) {
        Reader in = new Reader(content);
        int version = in.u1();
        if (version < 1 || version > VERSION) {
            throw new IllegalArgumentException("JdeferLowering version " + version + ", this dump reads versions 1 to " + VERSION
                    + ": use the jdefer-dump of the same release as jdefer-processor");
        }
        int strategy = in.u1();
        if (strategy >= Strategy.values().length) {
            throw new IllegalArgumentException("have strategy " + strategy + ", want 0..2");
        }
        int siteCount = in.u2();
        List<Site> sites = new ArrayList<>(siteCount);
        for (int i = 0; i < siteCount; i++) {
            int kind = in.u1();
            if (kind >= SiteKind.values().length) {
                throw new IllegalArgumentException("have site kind " + kind + ", want 0..3");
            }
            sites.add(new Site(SiteKind.values()[kind], in.u2(), in.u1() != 0));
        }
        int regionCount = in.u2();
        List<Region> regions = new ArrayList<>(regionCount);
        for (int i = 0; i < regionCount; i++) {
            int kind = in.u1();
            if (kind >= RegionKind.values().length) {
                throw new IllegalArgumentException("have region kind " + kind + ", want 0..4");
            }
            regions.add(new Region(RegionKind.values()[kind], in.u2(), in.u2()));
        }
        Map<Integer, LocalRole> locals = new LinkedHashMap<>();
        if (version >= 2) {
            int localCount = in.u2();
            for (int i = 0; i < localCount; i++) {
                int role = in.u1();
                if (role >= LocalRole.values().length) {
                    throw new IllegalArgumentException("have local role " + role + ", want 0.." + (LocalRole.values().length - 1));
                }
                locals.putIfAbsent(in.u2(), LocalRole.values()[role]);
            }
        }
        return new Lowering(Strategy.values()[strategy], sites, regions, locals);
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
    }
}
