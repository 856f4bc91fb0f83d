package io.jdefer.dump;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Picks, out of a child JVM's diagnostic output, the lines about one method (see {@link JitProbe}). */
final class JitReport {
    /** A {@code -XX:+PrintCompilation} line: timestamp, compile id, flags, method. */
    private static final Pattern COMPILATION = Pattern.compile("^\\s*\\d+\\s+\\d+\\s.*::.*");
    /** A {@code -XX:+PrintInlining} line: {@code @ bci  Class::method (n bytes)  decision}. */
    private static final Pattern INLINING = Pattern.compile("^\\s*(\\S+\\s+)?@ \\d+\\s.*");

    private JitReport() {}

    static String of(String output, MethodDump target, int exit, boolean assembly, List<String> command) {
        String symbol = target.owner().replace('/', '.') + "::" + target.name() + " ";
        List<String> compiled = new ArrayList<>();
        List<String> inside = new ArrayList<>();
        List<String> asCallee = new ArrayList<>();
        List<String> other = new ArrayList<>();
        String summary = null;
        boolean inOwnBlock = false;
        for (String line : output.split("\\R")) {
            if (COMPILATION.matcher(line).matches()) {
                inOwnBlock = line.contains(symbol);
                if (inOwnBlock) {
                    compiled.add(line.stripTrailing());
                }
            } else if (INLINING.matcher(line).matches()) {
                if (line.contains(symbol)) {
                    asCallee.add(line.stripTrailing());
                } else if (inOwnBlock) {
                    inside.add(line.stripTrailing());
                }
            } else if (line.startsWith("jdefer-dump: called")) {
                summary = line;
            } else if (!line.isBlank()) {
                other.add(line);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("== --jit ").append(target.displayName()).append('\n');
        out.append("  command     ").append(String.join(" ", command.subList(1, command.indexOf("-cp")))).append(" ...\n");
        out.append("  run         ").append(summary != null ? summary.substring("jdefer-dump: ".length()) : "the child JVM exited with "
                + exit).append('\n');
        String last = asCallee.isEmpty() ? null : asCallee.get(asCallee.size() - 1);
        String inlined = last == null ? "no inlining decision about it seen"
                : last.contains("inline") && !last.contains("failed") && !last.contains("too big") && !last.contains("not inline")
                ? "inlined into its caller" : "not inlined into its caller";
        out.append("  verdict     ").append(compiled.isEmpty() ? "not compiled" : "compiled").append("; ").append(inlined).append('\n');
        section(out, "compilations (-XX:+PrintCompilation)", compiled);
        section(out, "inlined into it (-XX:+PrintInlining)", inside);
        section(out, "at its call site (-XX:+PrintInlining)", asCallee);
        if (assembly || summary == null) {
            section(out, assembly ? "machine code (-XX:CompileCommand=print) and other output" : "other output", other);
        }
        return out.toString();
    }

    /** The lines, less the indentation they all share: PrintInlining's own indentation shows the inlining depth. */
    private static void section(StringBuilder out, String title, List<String> lines) {
        out.append("  ").append(title).append(lines.isEmpty() ? ": none\n" : ":\n");
        int common = Integer.MAX_VALUE;
        for (String line : lines) {
            int indent = 0;
            while (indent < line.length() && line.charAt(indent) == ' ') {
                indent++;
            }
            common = Math.min(common, indent);
        }
        for (String line : lines) {
            out.append("    ").append(line.substring(Math.min(common, line.length()))).append('\n');
        }
    }
}
