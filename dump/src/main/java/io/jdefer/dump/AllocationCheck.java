package io.jdefer.dump;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code --check}: every allocation on the normal path of a method in a {@code @Deferred} scope,
 * one line each, in the {@code file:line: message} form editors and CI logs link, tagged with who
 * wrote it: {@code [added by jdefer]} (an instruction in the method's {@code JdeferLowering}
 * regions: these fail the check) or {@code [own code]} (javac's code: {@code new}, varargs arrays,
 * boxing, capturing lambdas...; information, failing only with {@code --check-all}). Static
 * initializers are left out: they run once per class, not per call.
 */
public final class AllocationCheck {
    static final String ADDED = " [added by jdefer]";
    static final String OWN = " [own code]";

    private AllocationCheck() {}

    /** One allocation on a normal path; {@code jdefer} when jdefer added it. */
    public record Finding(String line, boolean jdefer) {}

    /** Whether {@code --check} looks at {@code method}. */
    public static boolean applies(MethodDump method) {
        return (method.inScope() || method.isRewritten()) && !method.name().equals("<clinit>");
    }

    /** The normal-path allocations of the methods of {@code dump} that {@code selected} accepts, in method and pc order. */
    public static List<Finding> findings(ClassDump dump, Predicate<MethodDump> selected) {
        List<Finding> findings = new ArrayList<>();
        String file = sourcePath(dump);
        for (MethodDump method : dump.methods()) {
            if (!applies(method) || !selected.test(method)) {
                continue;
            }
            for (Instruction insn : method.normalPathAllocations()) {
                boolean jdefer = insn.mark().isJdefer();
                findings.add(new Finding(file + ":" + insn.line() + ": " + method.displayName() + " allocates on its normal path: "
                        + insn.allocation() + " (pc " + insn.pc() + ")" + (jdefer ? ADDED : OWN), jdefer));
            }
        }
        return findings;
    }

    /** The lines that fail the check: those jdefer added, and with {@code all} the method's own too. */
    public static List<String> offenders(ClassDump dump, Predicate<MethodDump> selected, boolean all) {
        List<String> lines = new ArrayList<>();
        for (Finding finding : findings(dump, selected)) {
            if (finding.jdefer() || all) {
                lines.add(finding.line());
            }
        }
        return lines;
    }

    /** {@code t/Locks.java}, from the package and the {@code SourceFile} attribute. */
    static String sourcePath(ClassDump dump) {
        int slash = dump.name().lastIndexOf('/');
        String pkg = slash < 0 ? "" : dump.name().substring(0, slash + 1);
        return pkg + (dump.sourceFile() != null ? dump.sourceFile() : dump.name().substring(slash + 1) + ".class");
    }
}
