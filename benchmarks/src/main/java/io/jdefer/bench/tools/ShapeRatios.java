package io.jdefer.bench.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table of docs/performance.md's issue 13 section: for each {@code FrameShapes} shape and n,
 * jdefer's time against the hand-written cleanup array of the same JMH run, and jdefer's
 * allocation per call ({@code -prof gc}), one column group per result file (one per JDK).
 *
 * <p>Usage: {@code ShapeRatios <label>=<jmh result.json> ...}, e.g.
 * {@code ShapeRatios "JDK 17=results/FrameShapes-jdk17.json" "JDK 25=results/FrameShapes-jdk25.json"}.
 * Reads JMH's own JSON layout ({@code -rf json}): each result's {@code "benchmark"}, its
 * {@code "n"} parameter, the first {@code "score"} (the primary metric) and the score of
 * {@code gc.alloc.rate.norm}.
 */
public final class ShapeRatios {
    private static final Pattern RESULT = Pattern.compile("\"benchmark\"\\s*:\\s*\"[^\"]*\\.(\\w+)_(jdefer|handWritten)\"");
    private static final Pattern N = Pattern.compile("\"n\"\\s*:\\s*\"(\\d+)\"");
    private static final Pattern SCORE = Pattern.compile("\"score\"\\s*:\\s*([-0-9.Ee]+|\"NaN\")");
    private static final Pattern ALLOC = Pattern.compile("\"gc\\.alloc\\.rate\\.norm\"\\s*:\\s*\\{[^}]*?\"score\"\\s*:\\s*([-0-9.Ee]+)", Pattern.DOTALL);

    private ShapeRatios() {}

    /** One result: time per call in ns, and bytes per call (negative when not measured). */
    record Score(double ns, double bytes) {}

    public static void main(String[] args) throws IOException {
        List<String> labels = new ArrayList<>();
        List<Map<String, Score>> runs = new ArrayList<>();
        Set<String> rows = new LinkedHashSet<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            labels.add(arg.substring(0, eq));
            Map<String, Score> run = read(Path.of(arg.substring(eq + 1)));
            runs.add(run);
            run.keySet().forEach(key -> rows.add(key.substring(0, key.indexOf('/')) + key.substring(key.lastIndexOf('/'))));
        }
        StringBuilder out = new StringBuilder("| shape | n |");
        StringBuilder rule = new StringBuilder("|---|---:|");
        for (String label : labels) {
            out.append(" ").append(label).append(" hand-written ns | jdefer ns | ratio | jdefer B/op |");
            rule.append("---:|---:|---:|---:|");
        }
        out.append('\n').append(rule).append('\n');
        for (String row : rows) {
            String shape = row.substring(0, row.indexOf('/'));
            String n = row.substring(row.indexOf('/') + 1);
            out.append("| ").append(shape).append(" | ").append(n).append(" |");
            for (Map<String, Score> run : runs) {
                Score hand = run.get(shape + "/handWritten/" + n);
                Score jdefer = run.get(shape + "/jdefer/" + n);
                if (hand == null || jdefer == null) {
                    out.append(" – | – | – | – |");
                    continue;
                }
                out.append(String.format(Locale.ROOT, " %.1f | %.1f | %.2f | %s |", hand.ns, jdefer.ns, jdefer.ns / hand.ns,
                        jdefer.bytes < 0 ? "–" : jdefer.bytes < 0.5 ? "0" : String.format(Locale.ROOT, "%.0f", jdefer.bytes)));
            }
            out.append('\n');
        }
        System.out.print(out);
    }

    /** Results by "shape/variant/n", in file order. */
    static Map<String, Score> read(Path file) throws IOException {
        String json = Files.readString(file);
        Map<String, Score> results = new LinkedHashMap<>();
        Matcher result = RESULT.matcher(json);
        List<Integer> starts = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        while (result.find()) {
            starts.add(result.start());
            keys.add(result.group(1) + "/" + result.group(2));
        }
        for (int i = 0; i < keys.size(); i++) {
            String body = json.substring(starts.get(i), i + 1 < keys.size() ? starts.get(i + 1) : json.length());
            Matcher n = N.matcher(body);
            Matcher score = SCORE.matcher(body);
            Matcher alloc = ALLOC.matcher(body);
            if (!n.find() || !score.find()) {
                throw new IOException(file + ": result " + keys.get(i) + " has no n parameter or no score");
            }
            double bytes = alloc.find() ? Double.parseDouble(alloc.group(1)) : -1;
            results.put(keys.get(i) + "/" + n.group(1), new Score(Double.parseDouble(score.group(1)), bytes));
        }
        return results;
    }
}
