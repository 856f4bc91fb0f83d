package io.jdefer.rewrite;

/**
 * What the rewriter did to one method: the line {@code -Ajdefer.verbose} prints and the header the
 * dump tool shows. {@code sites} counts registrations in the bytecode (a site in a {@code finally}
 * block counts once per copy javac made), {@code dynamicSites} those on a cycle (SPEC C2).
 */
public record MethodReport(String owner, String name, String descriptor, Strategy strategy, String reason,
                           int sites, int dynamicSites, int codeSizeBefore, int codeSizeAfter) {
    @Override
    public String toString() {
        return owner.replace('/', '.') + "." + name + descriptor + ": " + strategy
                + (reason.isEmpty() ? "" : " (" + reason + ")")
                + ", " + sites + (sites == 1 ? " site" : " sites")
                + (dynamicSites > 0 ? " (" + dynamicSites + " in loops)" : "")
                + ", code " + codeSizeBefore + " -> " + codeSizeAfter + " bytes";
    }
}
