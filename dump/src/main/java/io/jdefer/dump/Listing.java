package io.jdefer.dump;

import io.jdefer.plan.JdeferLowering;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders the {@code -S} listing of one method (format in docs/dump.md; stable: golden tests
 * compare it whole). A header, then one line per instruction:
 *
 * <pre>
 *     pc P mark    instruction                         // local   &lt;- ALLOC kind
 * </pre>
 *
 * where {@code P} is {@code e} for an instruction off the normal path, and a source line is shown
 * above the first instruction of each line.
 */
public final class Listing {
    private static final int TEXT_WIDTH = 44;

    private final List<String> source;
    private final Map<String, Integer> sizesBefore;

    /**
     * @param source the class's source file, line by line, or {@code null}
     * @param sizesBefore code sizes javac wrote, by {@code name + descriptor}, when known (a {@code .java} input)
     */
    public Listing(List<String> source, Map<String, Integer> sizesBefore) {
        this.source = source;
        this.sizesBefore = sizesBefore == null ? Map.of() : sizesBefore;
    }

    public String render(MethodDump method) {
        StringBuilder out = new StringBuilder();
        header(method, out);
        out.append('\n');
        int line = -1;
        for (Instruction insn : method.instructions()) {
            if (insn.line() != line && insn.line() > 0) {
                line = insn.line();
                out.append("          ").append(sourceLine(line)).append('\n');
            }
            out.append(instruction(insn)).append('\n');
        }
        if (!method.handlers().isEmpty()) {
            out.append("  handlers (from to target type):");
            for (String handler : method.handlers()) {
                out.append("\n    ").append(handler);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private void header(MethodDump method, StringBuilder out) {
        out.append("== ").append(method.displayName()).append('\n');
        out.append("  scope       ").append(method.inScope() ? "@Deferred(" + method.requested() + ")" : "not in a @Deferred scope");
        if (method.onlyOnError()) {
            out.append(", runs only on the exception path");
        }
        out.append('\n');
        JdeferLowering lowering = method.lowering();
        if (method.loweringError() != null) {
            out.append("  strategy    unknown: ").append(method.loweringError()).append('\n');
        } else if (lowering == null) {
            out.append("  strategy    not rewritten").append(method.inScope() ? " (no defer sites)" : "").append('\n');
        } else {
            out.append("  strategy    ").append(lowering.strategy().label())
                    .append(lowering.reason().isEmpty() ? "" : " (" + lowering.reason() + ")").append('\n');
            if (lowering.frame() != null) {
                out.append("  frame       ").append(lowering.frame().describe()).append('\n');
            }
            if (!lowering.growthFlag().isEmpty()) {
                out.append("  borrow      in the prologue once ").append(lowering.growthFlag()).append(" is set (D24)\n");
            }
            out.append("  sites       ").append(lowering.sites().size());
            if (!lowering.sites().isEmpty()) {
                out.append(": ").append(lowering.sites().stream().map(JdeferLowering.Site::toString).collect(Collectors.joining(", ")));
            }
            out.append('\n');
        }
        Integer before = sizesBefore.get(method.name() + method.descriptor());
        out.append("  code        ");
        if (before != null && before != method.codeSize()) {
            out.append(before).append(" -> ");
        }
        out.append(method.codeSize()).append(" bytes");
        if (method.jdeferBytes() > 0) {
            out.append(", ").append(method.jdeferBytes()).append(" added by jdefer");
        }
        out.append("; ").append(method.inliningVerdict()).append('\n');
        int all = method.allocations().size();
        int normal = method.normalPathAllocations().size();
        out.append("  allocations ").append(all).append(all == 1 ? " site" : " sites");
        if (all > 0) {
            out.append(", ").append(normal).append(" on the normal path");
        }
        int added = method.jdeferNormalPathAllocations().size();
        if (added > 0) {
            out.append(", ").append(added).append(" of them added by jdefer");
        }
        out.append('\n');
    }

    private String sourceLine(int line) {
        String text = source != null && line <= source.size() ? source.get(line - 1).strip() : "";
        return "// " + line + (text.isEmpty() ? "" : ": " + text);
    }

    static String instruction(Instruction insn) {
        StringBuilder out = new StringBuilder();
        String pc = Integer.toString(insn.pc());
        out.append(" ".repeat(Math.max(0, 6 - pc.length()))).append(pc);
        out.append(insn.normalPath() ? "   " : " e ");
        String label = insn.mark().label();
        out.append(label).append(" ".repeat(8 - label.length()));
        out.append(insn.text());
        if (!insn.comment().isEmpty()) {
            out.append(" ".repeat(Math.max(1, TEXT_WIDTH - insn.text().length()))).append("// ").append(insn.comment());
        }
        if (insn.allocates()) {
            out.append("   <- ALLOC ").append(insn.allocation());
        }
        if (!insn.frame().isEmpty()) {
            int used = out.length() - out.lastIndexOf("\n") - 1;
            out.append(" ".repeat(Math.max(2, 100 - used))).append("[").append(insn.frame()).append(']');
        }
        return out.toString();
    }

    /** The listings of the methods of {@code dump} that {@code filter} selects, separated by blank lines. */
    public String render(ClassDump dump, java.util.function.Predicate<MethodDump> filter) {
        List<String> parts = new ArrayList<>();
        for (MethodDump method : dump.methods()) {
            if (filter.test(method)) {
                parts.add(render(method));
            }
        }
        return String.join("\n", parts);
    }
}
