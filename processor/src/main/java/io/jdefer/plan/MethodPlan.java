package io.jdefer.plan;

import java.util.List;

/**
 * What jdefer does to one method, decided from the class file (SPEC C2-C4, S5).
 *
 * @param name the JVM name ({@code <init>} for a constructor)
 * @param descriptor its descriptor, before any rewriting
 * @param requested the strategy its {@code @Deferred} scope asks for
 * @param lowering the lowering it gets
 * @param gate the named reason the strategy gate gave ({@code "site in a loop"}), or empty
 * @param sites its registrations, in registration order
 * @param role its own part in the {@code recover()} hand-off
 * @param growthFlag the {@code private static synthetic boolean} of the class whose setting makes
 *     the prologue borrow the frame (D24: set at the first exit that gives a borrowed frame back),
 *     or empty: the method borrows at a registration only (an interface, a constructor), or never
 * @param frame how a frame method keeps its registrations: the sites open-coded beside the frame
 *     and the form of the entries; {@code null} exactly when the lowering is not a frame
 */
public record MethodPlan(String name, String descriptor, StrategyChoice requested, Lowering lowering, String gate, List<SitePlan> sites,
                         Role role, String growthFlag, FramePlan frame) {
    /** A method's own part in the {@code recover()} hand-off (S5, D3). */
    public enum Role {
        NONE,
        /** A method (or shared lambda body) whose prologue claims an offer addressed to it. */
        CLAIMS,
        /** A lambda body that takes the pending throwable as an extra parameter. */
        TAKES_PENDING
    }

    public MethodPlan {
        sites = List.copyOf(sites);
        if ((lowering == Lowering.NONE) != sites.isEmpty()) {
            throw new IllegalStateException("have lowering " + lowering + " with " + sites.size() + " sites, want NONE exactly without");
        }
        if (lowering == Lowering.OPEN_CODED && sites.stream().anyMatch(SitePlan::dynamic)) {
            throw new IllegalStateException("have an open-coded " + name + descriptor + " with a dynamic site, want a frame (C2)");
        }
        if ((frame != null) != (lowering == Lowering.FRAME)) {
            throw new IllegalStateException("have frame plan " + frame + " on " + lowering + " " + name + descriptor
                    + ", want one exactly on a frame");
        }
        if (!growthFlag.isEmpty() && (frame == null || !frame.borrows())) {
            throw new IllegalStateException("have growth flag " + growthFlag + " on " + lowering + " " + name + descriptor
                    + ", want it on a frame that borrows only");
        }
        if (frame != null && !frame.placesEach(sites.size())) {
            throw new IllegalStateException("have frame plan " + frame + " for " + sites.size() + " sites, want each site placed");
        }
        for (int i = 0; i < sites.size(); i++) {
            if (sites.get(i).id() != i) {
                throw new IllegalStateException("have site id " + sites.get(i).id() + " at position " + i + ", want ids in order");
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(name).append(descriptor).append(": ").append(lowering);
        if (lowering != Lowering.NONE) {
            out.append(" (").append(requested).append(gate.isEmpty() ? "" : ", " + gate).append(')');
        }
        if (role != Role.NONE) {
            out.append(", ").append(role.name().toLowerCase().replace('_', ' '));
        }
        if (frame != null) {
            out.append(", ").append(frame.describe());
        }
        if (!growthFlag.isEmpty()) {
            out.append(", borrows in the prologue once ").append(growthFlag).append(" is set");
        }
        for (SitePlan site : sites) {
            out.append("\n    ").append(site);
        }
        return out.toString();
    }
}
