package io.jdefer.bench.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * C2's loop trees for one method, from a {@code -XX:+LogCompilation} file (docs/performance.md,
 * "Why the loop was slower on JDK 25"): per C2 compilation (normal or OSR), the last loop tree C2
 * logged, loops as {@code L} and innermost loops as {@code inner}, nesting by {@code >}. A counted
 * int loop that C2 strip-mines shows as an outer {@code L} holding one {@code inner}
 * ({@code L >inner}); an {@code inner} on its own is a loop C2 did not count.
 *
 * <pre>
 * java -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=c2.log ...
 * java -cp benchmarks.jar io.jdefer.bench.tools.LoopTrees c2.log 'FrameShapes compact_jdefer '
 * </pre>
 */
public final class LoopTrees {
    private static final Pattern TASK = Pattern.compile("<task [^>]*>");
    private static final Pattern TREE = Pattern.compile("<loop_tree>.*?</loop_tree>", Pattern.DOTALL);
    private static final Pattern LOOP = Pattern.compile("<loop [^>]*>|</loop>");
    private static final Pattern OSR = Pattern.compile("osr_bci='(\\d+)'");

    private LoopTrees() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: LoopTrees <LogCompilation file> <'Class method ' as the log names it>");
            System.exit(2);
        }
        String log = Files.readString(Path.of(args[0]));
        Matcher task = TASK.matcher(log);
        while (task.find()) {
            String head = task.group();
            if (!head.contains("method='") || !head.contains(args[1]) || head.matches(".*level='[123]'.*")) {
                continue; // another method, or a C1 compilation
            }
            int end = log.indexOf("</task>", task.end());
            Matcher tree = TREE.matcher(log.substring(task.end(), end < 0 ? log.length() : end));
            String last = "";
            while (tree.find()) {
                last = tree.group();
            }
            Matcher osr = OSR.matcher(head);
            System.out.println((osr.find() ? "osr@" + osr.group(1) : "normal") + " | " + String.join(" ; ", loops(last)));
        }
    }

    private static List<String> loops(String tree) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        Matcher loop = LOOP.matcher(tree);
        while (loop.find()) {
            if (loop.group().equals("</loop>")) {
                depth--;
                continue;
            }
            out.add(">".repeat(depth) + (loop.group().contains("inner_loop") ? "inner" : "L"));
            depth++;
        }
        return out;
    }
}
