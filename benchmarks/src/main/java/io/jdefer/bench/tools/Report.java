package io.jdefer.bench.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns one benchmark run into markdown: the machine, the SPEC section 7 targets against what was
 * measured, and the ns/op and B/op of every variant of every scenario with its ratio to the
 * scenario's {@code handWritten} baseline; then the bytecode-size and compile-time tables made by
 * {@link CodeSize} and {@link CompileTime}. Prints it, and writes it into a document between the
 * markers {@code <!-- benchmarks:begin JDK N -->} and {@code <!-- benchmarks:end JDK N -->}, leaving the rest
 * of the document as it is. Each JDK feature release has its own pair of markers
 * ({@code <!-- benchmarks:begin JDK 17 -->}), so that the runs on JDK 17 and JDK 25 stand side by
 * side (issue 13 item 5).
 *
 * <p>Usage: {@code Report <jmh.csv> <sizes.md> <compile.md|-> <doc.md|-> <settings> [note]}.
 */
public final class Report {
    /** The JDK feature release this report runs on: it names the report's markers and heading. */
    static final int JDK = Runtime.version().feature();
    static final String BEGIN = "<!-- benchmarks:begin JDK " + JDK + " -->";
    static final String END = "<!-- benchmarks:end JDK " + JDK + " -->";
    static final String BASELINE = "handWritten";
    /** Below this, JMH's normalized allocation is its own bookkeeping noise, not an allocation. */
    static final double ZERO_BYTES = 0.5;

    private Report() {}

    /** One benchmark result: scenario (class plus parameters), variant (method), figures. */
    record Row(String scenario, String variant, double ns, double error, double bytes) {}

    public static void main(String[] args) throws IOException {
        List<Row> rows = parse(Files.readAllLines(Path.of(args[0])));
        String sizes = Files.readString(Path.of(args[1]));
        String compile = args[2].equals("-") ? null : Files.readString(Path.of(args[2]));
        String settings = args[4];
        String note = args.length > 5 ? args[5] : "";
        String markdown = render(rows, sizes, compile, settings, note);
        System.out.print(markdown);
        if (!args[3].equals("-")) {
            splice(Path.of(args[3]), BEGIN, END, markdown);
        }
    }

    /** Replaces what lies between {@code begin} and {@code end} in {@code doc}; appends both when missing. */
    static void splice(Path doc, String begin, String end, String content) throws IOException {
        String text = Files.exists(doc) ? Files.readString(doc) : "";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        String block = begin + "\n" + content + end;
        if (from >= 0 && to > from) {
            text = text.substring(0, from) + block + text.substring(to + end.length());
        } else {
            text = text + (text.endsWith("\n") || text.isEmpty() ? "" : "\n") + "\n" + block + "\n";
        }
        Files.writeString(doc, text);
    }

    static List<Row> parse(List<String> csv) {
        List<String> header = fields(csv.get(0));
        int paramsFrom = 7;
        Map<String, double[]> byKey = new LinkedHashMap<>();
        for (String line : csv.subList(1, csv.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = fields(line);
            String name = f.get(0);
            String metric = "";
            int colon = name.indexOf(':');
            if (colon >= 0) {
                metric = name.substring(colon + 1);
                name = name.substring(0, colon);
            }
            StringBuilder params = new StringBuilder();
            for (int i = paramsFrom; i < f.size() && i < header.size(); i++) {
                if (!f.get(i).isEmpty()) {
                    params.append(params.length() == 0 ? "" : ",").append(header.get(i).replace("Param: ", ""))
                            .append('=').append(f.get(i));
                }
            }
            String key = name + (params.length() == 0 ? "" : " (" + params + ")");
            double[] v = byKey.computeIfAbsent(key, k -> new double[] {Double.NaN, Double.NaN, Double.NaN});
            if (metric.isEmpty()) {
                v[0] = number(f.get(4));
                v[1] = number(f.get(5));
            } else if (metric.endsWith("gc.alloc.rate.norm")) {
                v[2] = number(f.get(4));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, double[]> e : byKey.entrySet()) {
            String key = e.getKey();
            String params = key.contains(" (") ? key.substring(key.indexOf(" (")) : "";
            String name = key.contains(" (") ? key.substring(0, key.indexOf(" (")) : key;
            String method = name.substring(name.lastIndexOf('.') + 1);
            String type = name.substring(0, name.lastIndexOf('.'));
            String scenario = type.substring(type.lastIndexOf('.') + 1) + params;
            double[] v = e.getValue();
            rows.add(new Row(scenario, method, v[0], v[1], v[2]));
        }
        rows.sort(Comparator.comparingInt((Row r) -> scenarioRank(r.scenario()))
                .thenComparingInt(r -> parameterOf(r.scenario()))
                .thenComparingInt(r -> variantRank(r.scenario(), r.variant())));
        return rows;
    }

    /** Scenarios in {@link CodeSize#SCENARIOS} order; others (anatomy) after them. */
    static int scenarioRank(String scenario) {
        String base = scenario.contains(" (") ? scenario.substring(0, scenario.indexOf(" (")) : scenario;
        int i = CodeSize.SCENARIOS.indexOf(base);
        return i < 0 ? CodeSize.SCENARIOS.size() : i;
    }

    /** The first numeric parameter value, so that n=4 sorts before n=16. */
    static int parameterOf(String scenario) {
        int eq = scenario.indexOf('=');
        if (eq < 0) {
            return 0;
        }
        StringBuilder digits = new StringBuilder();
        for (int i = eq + 1; i < scenario.length() && Character.isDigit(scenario.charAt(i)); i++) {
            digits.append(scenario.charAt(i));
        }
        return digits.length() == 0 ? 0 : Integer.parseInt(digits.toString());
    }

    /** Variants in declaration order (the baseline is declared first), read from the class file. */
    static int variantRank(String scenario, String variant) {
        String base = scenario.contains(" (") ? scenario.substring(0, scenario.indexOf(" (")) : scenario;
        if (!CodeSize.SCENARIOS.contains(base)) {
            return 0;
        }
        List<String> order = new ArrayList<>(CodeSize.benchmarkMethodSizes(CodeSize.read("io/jdefer/bench/" + base + ".class")).keySet());
        int i = order.indexOf(variant);
        return i < 0 ? order.size() : i;
    }

    static double number(String s) {
        return s.isEmpty() || s.equals("NaN") ? Double.NaN : Double.parseDouble(s);
    }

    /** Splits one JMH CSV line: fields separated by commas, text fields in double quotes. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /**
     * The row {@code row} reads against: {@code shape_handWritten} for {@code shape_jdefer} in a
     * scenario of several shapes (FrameShapes; {@code compactAfterGrowth_jdefer} against
     * {@code compact_handWritten}), else the scenario's {@code handWritten}.
     */
    static Row baseline(List<Row> rows, Row row) {
        int underscore = row.variant().indexOf('_');
        if (underscore < 0) {
            return find(rows, row.scenario(), BASELINE);
        }
        String shape = row.variant().substring(0, underscore);
        Row own = find(rows, row.scenario(), shape + "_" + BASELINE);
        return own != null ? own : find(rows, row.scenario(), shape.replace("AfterGrowth", "") + "_" + BASELINE);
    }

    static String render(List<Row> rows, String sizes, String compile, String settings, String note) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("## Results on JDK ").append(JDK).append("\n\n");
        out.append("Generated by `benchmarks/run.sh` on ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT)))
                .append(".\n\n");
        out.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ")
                .append(cpuModel()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append('\n');
        out.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.vendor"))
                .append("), default GC\n");
        out.append("- JMH: ").append(settings).append('\n');
        if (!note.isBlank()) {
            out.append("\n> **Note.** ").append(note).append('\n');
        }
        out.append("\n### SPEC section 7 targets\n\n");
        out.append(targets(rows, sizes, compile));
        out.append("\n### Time and allocation per scenario\n\n");
        out.append("Each scenario's variants ran in the same JMH run; \"vs handWritten\" divides by the scenario's own hand-written baseline. ")
                .append("B/op is `gc.alloc.rate.norm` from `-prof gc`; values under ").append(ZERO_BYTES)
                .append(" B/op are JMH's own bookkeeping and shown as 0. ± is JMH's 99.9% confidence half-width (NaN with a single iteration).\n\n");
        out.append("| scenario | variant | ns/op | ± | B/op | vs handWritten |\n|---|---|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            Row base = baseline(rows, row);
            out.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %s | %s |%n", row.scenario(), row.variant(), row.ns(),
                    row.error(), bytes(row.bytes()), base == null ? "" : String.format(Locale.ROOT, "%.2f", row.ns() / base.ns())));
        }
        out.append("\n### Bytecode size\n\n");
        out.append("`code_length` of each benchmark method as compiled (jdefer's after rewriting), read from the class files by `tools.CodeSize`.\n\n");
        out.append(sizes);
        if (compile != null) {
            out.append("\n### Compile time\n\n").append(compile);
        }
        return out.toString();
    }

    static String targets(List<Row> rows, String sizes, String compile) {
        StringBuilder out = new StringBuilder("| case | target | measured | met (on point estimates: read the ± below) |\n|---|---|---|---|\n");
        ratioTarget(out, rows, "1 defer, open-coded vs try/finally", "OneDefer", "jdefer", 1.05);
        ratioTarget(out, rows, "8 defers, open-coded vs nested try/finally", "EightDefers", "jdefer", 1.05);
        ratioTarget(out, rows, "8 defers, same, called from another method (not a SPEC row: HotSpot decides the inlining)",
                "EightDefersCalled", "jdefer", 1.05);
        for (String n : List.of("1", "4", "16")) {
            ratioTarget(out, rows, "loop n=" + n + ", frame vs cleanup array", "Loop (n=" + n + ")", "jdefer", 1.5);
        }
        for (String n : List.of("1", "4", "16")) {
            String scenario = "Loop (n=" + n + ")";
            Row jd = find(rows, scenario, "jdefer");
            Row deque = find(rows, scenario, "arrayDeque");
            Row closer = find(rows, scenario, "guavaCloser");
            if (jd != null && deque != null && closer != null) {
                double speedup = Math.min(deque.ns(), closer.ns()) / jd.ns();
                boolean met = speedup >= 3 && isZero(jd.bytes()) && deque.bytes() >= ZERO_BYTES && closer.bytes() >= ZERO_BYTES;
                out.append(String.format(Locale.ROOT,
                        "| loop n=%s, frame vs Closer and ArrayDeque | ≥ 3× faster, they allocate, we don't | %.1f× faster than the faster of the two; %s / %s / %s B/op (jdefer / ArrayDeque / Closer) | %s |%n",
                        n, speedup, bytes(jd.bytes()), bytes(deque.bytes()), bytes(closer.bytes()), met ? "yes" : "**no**"));
            }
        }
        ratioTarget(out, rows, "exception path with recover vs catch", "Recover", "jdefer", 1.1);
        for (String scenario : List.of("FourReturns", "FourReturnsEightDefers", "FourReturnsRichCleanup")) {
            Integer hand = size(sizes, scenario, BASELINE);
            Integer jd = size(sizes, scenario, "jdefer");
            if (hand != null && jd != null) {
                out.append(String.format(Locale.ROOT, "| bytecode size, %s | smaller than javac try/finally | %d vs %d bytes | %s |%n",
                        scenario, jd, hand, jd < hand ? "yes" : "**no**"));
            }
        }
        if (compile != null) {
            Double on = null;
            Double noop = null;
            Double onWall = null;
            for (String line : compile.split("\n")) {
                String[] cells = line.split("\\|");
                if (line.startsWith("| processor on (check and rewrite)")) {
                    onWall = Double.parseDouble(cells[cells.length - 1].trim());
                    on = Double.parseDouble(cells[cells.length - 2].trim());
                } else if (line.startsWith("| a no-op processor")) {
                    noop = Double.parseDouble(cells[cells.length - 2].trim());
                }
            }
            if (on != null) {
                out.append(String.format(Locale.ROOT,
                        "| javac, 1,000-class corpus, processor on vs off | ratio ≤ 1.15 | %.3f CPU time of the compiling thread, %.3f wall-clock%s | %s (on CPU time) |%n",
                        on, onWall, noop == null ? "" : String.format(Locale.ROOT, "; a no-op processor alone: %.3f CPU", noop),
                        on <= 1.15 ? "yes" : "**no**"));
            }
        }
        return out.toString();
    }

    static void ratioTarget(StringBuilder out, List<Row> rows, String label, String scenario, String variant, double limit) {
        Row row = find(rows, scenario, variant);
        Row base = find(rows, scenario, BASELINE);
        if (row == null || base == null) {
            return;
        }
        double ratio = row.ns() / base.ns();
        boolean met = ratio <= limit && isZero(row.bytes());
        out.append(String.format(Locale.ROOT, "| %s | ratio ≤ %.2f, 0 B/op | %.2f (%.1f vs %.1f ns), %s B/op | %s |%n", label, limit,
                ratio, row.ns(), base.ns(), bytes(row.bytes()), met ? "yes" : "**no**"));
    }

    static Integer size(String sizes, String scenario, String variant) {
        for (String line : sizes.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length > 3 && cells[1].trim().equals(scenario) && cells[2].trim().equals(variant)) {
                return Integer.parseInt(cells[3].trim());
            }
        }
        return null;
    }

    static Row find(List<Row> rows, String scenario, String variant) {
        for (Row row : rows) {
            if (row.scenario().equals(scenario) && row.variant().equals(variant)) {
                return row;
            }
        }
        return null;
    }

    /** Allocates nothing per operation (false when allocation was not measured). */
    static boolean isZero(double bytes) {
        return bytes < ZERO_BYTES;
    }

    static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "n/a";
        }
        return b < ZERO_BYTES ? "0" : String.format(Locale.ROOT, "%.0f", b);
    }

    static String cpuModel() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst().orElse(System.getProperty("os.arch"));
            }
        }
        return System.getProperty("os.arch");
    }
}
