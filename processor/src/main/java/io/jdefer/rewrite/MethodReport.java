package io.jdefer.rewrite;

import io.jdefer.plan.FramePlan;

/**
 * What the rewriter did to one method: the line {@code -Ajdefer.verbose} prints and the header the
 * dump tool shows. {@code sites} counts registrations in the bytecode (a site in a {@code finally}
 * block counts once per copy javac made), {@code dynamicSites} those on a cycle (SPEC C2),
 * {@code frame} the plan's form of a frame method's registrations (or {@code null}),
 * {@code growthFlag} the plan's flag that makes the prologue borrow (D24), or empty.
 */
public record MethodReport(String owner, String name, String descriptor, Strategy strategy, String reason,
                           int sites, int dynamicSites, int codeSizeBefore, int codeSizeAfter, FramePlan frame, String growthFlag) {
    @Override
    public String toString() {
        return owner.replace('/', '.') + "." + name + descriptor + ": " + strategy
                + (reason.isEmpty() ? "" : " (" + reason + ")")
                + ", " + sites + (sites == 1 ? " site" : " sites")
                + (dynamicSites > 0 ? " (" + dynamicSites + " in loops)" : "")
                + ", code " + codeSizeBefore + " -> " + codeSizeAfter + " bytes"
                + (frame == null ? "" : ", " + frame.describe())
                + (growthFlag.isEmpty() ? "" : ", borrows in the prologue once " + growthFlag + " is set");
    }
}
