package io.jdefer.dump;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --diff}: one method as javac wrote it (left) and as jdefer rewrote it (right), side by
 * side. Both listings are cut into runs of consecutive instructions of one source line; the runs
 * are aligned on their line numbers (a longest common subsequence), so that the code of a source
 * line faces its rewritten self, and what jdefer added (the prologue, the epilogue) faces nothing.
 */
public final class SideBySide {
    private static final String GAP = "  |  ";
    private static final int MAX_LEFT = 64;

    private final List<String> source;

    public SideBySide(List<String> source) {
        this.source = source;
    }

    public String render(MethodDump before, MethodDump after) {
        List<Run> left = runs(before);
        List<Run> right = runs(after);
        int width = 0;
        for (Run run : left) {
            for (String line : run.lines) {
                width = Math.max(width, line.length());
            }
        }
        width = Math.min(Math.max(width, "before: javac".length()), MAX_LEFT);

        StringBuilder out = new StringBuilder();
        out.append("== ").append(after.displayName()).append("   ").append(before.codeSize()).append(" -> ").append(after.codeSize())
                .append(" bytes").append(after.lowering() == null ? "" : ", " + after.lowering().strategy().label()).append('\n');
        row(out, "before: javac", "after: jdefer", width);
        row(out, "-".repeat(width), "-".repeat(width), width);
        int[][] lcs = lcs(left, right);
        int i = 0;
        int j = 0;
        while (i < left.size() || j < right.size()) {
            if (i < left.size() && j < right.size() && left.get(i).line == right.get(j).line) {
                emit(out, left.get(i++), right.get(j++), width);
            } else if (j < right.size() && (i == left.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                emit(out, null, right.get(j++), width);
            } else {
                emit(out, left.get(i++), null, width);
            }
        }
        return out.toString();
    }

    private void emit(StringBuilder out, Run left, Run right, int width) {
        Run any = left != null ? left : right;
        if (any.line > 0) {
            String text = source != null && any.line <= source.size() ? source.get(any.line - 1).strip() : "";
            out.append("// ").append(any.line).append(text.isEmpty() ? "" : ": " + text).append('\n');
        }
        int rows = Math.max(left == null ? 0 : left.lines.size(), right == null ? 0 : right.lines.size());
        for (int r = 0; r < rows; r++) {
            row(out, left != null && r < left.lines.size() ? left.lines.get(r) : "", right != null && r < right.lines.size()
                    ? right.lines.get(r) : "", width);
        }
    }

    private static void row(StringBuilder out, String left, String right, int width) {
        String cut = left.length() > width ? left.substring(0, width - 1) + "~" : left;
        out.append(cut).append(" ".repeat(width - cut.length())).append(GAP).append(right);
        // No trailing blanks: golden files and terminals both prefer it.
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
        out.append('\n');
    }

    /**
     * Simple names for class names, so that two listings fit side by side:
     * {@code invokestatic java/util/Objects.requireNonNull:(Ljava/lang/Object;)Ljava/lang/Object;}
     * becomes {@code invokestatic Objects.requireNonNull:(Object)Object}.
     */
    static String compact(String text) {
        int comment = text.indexOf("  // ");
        if (comment > 0) {
            text = text.substring(0, comment); // an invokedynamic's bootstrap: -S shows it
        }
        String descriptors = DESCRIPTOR_CLASS.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(simple(m.group(1))));
        return INTERNAL_NAME.matcher(descriptors).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(simple(m.group())));
    }

    private static final java.util.regex.Pattern DESCRIPTOR_CLASS = java.util.regex.Pattern.compile("L([\\w$]+(?:/[\\w$]+)+);");
    private static final java.util.regex.Pattern INTERNAL_NAME = java.util.regex.Pattern.compile("[\\w$]+(?:/[\\w$]+)+");

    private static String simple(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }

    private static int[][] lcs(List<Run> left, List<Run> right) {
        int[][] table = new int[left.size() + 1][right.size() + 1];
        for (int i = left.size() - 1; i >= 0; i--) {
            for (int j = right.size() - 1; j >= 0; j--) {
                table[i][j] = left.get(i).line == right.get(j).line ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
            }
        }
        return table;
    }

    private static List<Run> runs(MethodDump method) {
        List<Run> runs = new ArrayList<>();
        Run current = null;
        for (Instruction insn : method.instructions()) {
            if (current == null || insn.line() != current.line) {
                current = new Run(insn.line());
                runs.add(current);
            }
            String pc = Integer.toString(insn.pc());
            String mark = insn.mark().label();
            current.lines.add(" ".repeat(Math.max(0, 4 - pc.length())) + pc + " " + mark + " ".repeat(7 - mark.length())
                    + compact(insn.text()) + (insn.allocates() ? "  <- ALLOC" : ""));
        }
        return runs;
    }

    private static final class Run {
        final int line;
        final List<String> lines = new ArrayList<>();

        Run(int line) {
            this.line = line;
        }
    }
}
