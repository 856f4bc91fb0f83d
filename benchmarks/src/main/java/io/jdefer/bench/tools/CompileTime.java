package io.jdefer.bench.tools;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * javac time on the generated corpus with the jdefer processor on (check and rewrite), on with
 * {@code -Ajdefer.rewrite=false} (check only), off ({@code -proc:none}), and with a processor that
 * does nothing ({@link NoopProcessor}: what javac's annotation processing costs by itself),
 * compiled in this JVM through {@code javax.tools}, as Maven's compiler plugin does.
 *
 * <p>Method: a fresh file manager and output directory per compilation, the processor found on a
 * {@code --processor-path} (so its class loader is made anew each time, as in a build); warm-up
 * rounds first (javac itself gets JIT-compiled), then measured rounds in which the three modes
 * take turns in a rotating order, so neither warm-up left over nor garbage from the previous
 * compilation favours one mode; a GC before each compilation. Reports, per mode, the median
 * wall-clock time and the median CPU time of the compiling thread (javac compiles in the calling
 * thread; GC and JIT threads are not counted), and the ratios of medians to "off". Wall-clock time
 * is what a build waits for; CPU time is steadier when other processes share the machine.
 *
 * <p>Usage: {@code CompileTime <corpus src> <jdefer-lib dir> <warmup rounds> <rounds> [output.md]}.
 */
public final class CompileTime {
    enum Mode {
        OFF("processor off (`-proc:none`)"),
        NOOP("a no-op processor (javac's own cost of annotation processing)"),
        CHECK("processor on, check only (`-Ajdefer.rewrite=false`)"),
        ON("processor on (check and rewrite)");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    private CompileTime() {}

    public static void main(String[] args) throws IOException {
        Path sources = Path.of(args[0]);
        Path lib = Path.of(args[1]);
        int warmups = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        List<File> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().map(Path::toFile).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Mode[] modes = Mode.values();
        double[][] wall = new double[modes.length][rounds];
        double[][] cpu = new double[modes.length][rounds];
        for (int w = 0; w < warmups; w++) {
            for (Mode mode : modes) {
                double[] t = compile(javac, files, lib, mode);
                System.err.printf(Locale.ROOT, "warm-up %d %-5s %8.0f ms wall %8.0f ms cpu%n", w + 1, mode, t[0], t[1]);
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < modes.length; k++) {
                Mode mode = modes[(r + k) % modes.length];
                double[] t = compile(javac, files, lib, mode);
                wall[mode.ordinal()][r] = t[0];
                cpu[mode.ordinal()][r] = t[1];
                System.err.printf(Locale.ROOT, "round %d %-5s %8.0f ms wall %8.0f ms cpu%n", r + 1, mode, t[0], t[1]);
            }
        }
        String table = table(files.size(), warmups, rounds, wall, cpu);
        System.out.print(table);
        if (args.length > 4) {
            Files.writeString(Path.of(args[4]), table);
        }
    }

    static String table(int fileCount, int warmups, int rounds, double[][] wall, double[][] cpu) {
        double off = median(wall[Mode.OFF.ordinal()]);
        double cpuOff = median(cpu[Mode.OFF.ordinal()]);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
                "javac in-process (`javax.tools`), %d source files; per mode %d warm-up and %d measured compilations, modes in rotating order; "
                        + "javac %s on JDK %s.%n%n",
                fileCount, warmups, rounds, System.getProperty("java.version"), System.getProperty("java.vm.version")));
        out.append("| mode | median wall ms | min–max wall ms | median CPU ms | vs off (CPU) | vs off (wall) |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (Mode mode : Mode.values()) {
            double[] t = wall[mode.ordinal()];
            double[] c = cpu[mode.ordinal()];
            out.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f–%.0f | %.0f | %.3f | %.3f |%n", mode.label, median(t),
                    Arrays.stream(t).min().orElse(0), Arrays.stream(t).max().orElse(0), median(c), median(c) / cpuOff,
                    median(t) / off));
        }
        return out.toString();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Compiles every file into a fresh directory; returns wall-clock and thread CPU milliseconds. */
    static double[] compile(JavaCompiler javac, List<File> files, Path lib, Mode mode) throws IOException {
        Path out = Files.createTempDirectory("jdefer-corpus-out");
        try {
            List<String> options = new ArrayList<>(List.of("--release", "17", "-d", out.toString(), "-implicit:none",
                    "-classpath", lib.resolve("jdefer-annotations.jar") + File.pathSeparator + lib.resolve("jdefer-runtime.jar")));
            switch (mode) {
                case OFF -> options.add("-proc:none");
                case NOOP -> options.addAll(List.of("--processor-path", ownLocation(), "-processor", NoopProcessor.class.getName()));
                case CHECK -> options.addAll(List.of("--processor-path", lib.resolve("jdefer-processor.jar").toString(),
                        "-Ajdefer.rewrite=false"));
                case ON -> options.addAll(List.of("--processor-path", lib.resolve("jdefer-processor.jar").toString()));
            }
            System.gc();
            StringWriter diagnostics = new StringWriter();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            boolean ok;
            try (StandardJavaFileManager fm = javac.getStandardFileManager(null, Locale.ROOT, null)) {
                Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromFiles(files);
                ok = javac.getTask(diagnostics, fm, null, options, null, units).call();
            }
            double ms = (System.nanoTime() - start) / 1e6;
            double cpuMs = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
            if (!ok) {
                throw new IllegalStateException("have a failed compilation in mode " + mode + ", want success:\n" + diagnostics);
            }
            return new double[] {ms, cpuMs};
        } finally {
            deleteTree(out);
        }
    }

    /** The jar or directory this class was loaded from: it holds {@link NoopProcessor}. */
    static String ownLocation() {
        try {
            return Path.of(CompileTime.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("have an unreadable code source, want a path", e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
