package io.jdefer.bench.tools;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real-conversion table of docs/performance.md (SPEC section 7, "bytecode size vs javac's
 * try/finally"): each {@code javac_x} method of {@code conversion.LockedQueue} (or of the class
 * named by the first argument, {@code LockedQueueFields}) beside its
 * {@code jdefer_x} twin (same name after the prefix, same descriptor), as the classes in the
 * benchmarks jar hold them (rewritten by the processor), with HotSpot's inlining verdict and the
 * totals, without and with the exceptional exits the processor added to the class (D37). Usage: {@code ConversionSize [LockedQueue|LockedQueueFields]}.
 */
public final class ConversionSize {
    private ConversionSize() {}

    public static void main(String[] args) throws IOException {
        Map<String, int[]> pairs = new LinkedHashMap<>();
        String type = args.length > 0 ? args[0] : "LockedQueue";
        int exits = 0;
        for (CodeSize.MethodInfo m : CodeSize.methods(CodeSize.read("io/jdefer/bench/conversion/" + type + ".class"))) {
            if (m.name().startsWith("jdefer$unwind")) {
                exits += m.codeLength();
                continue;
            }
            boolean javac = m.name().startsWith("javac_");
            if (!javac && !m.name().startsWith("jdefer_")) {
                continue;
            }
            String key = m.name().substring(m.name().indexOf('_') + 1) + m.descriptor().substring(0, m.descriptor().indexOf(')') + 1);
            pairs.computeIfAbsent(key, k -> new int[2])[javac ? 0 : 1] = m.codeLength();
        }
        StringBuilder out = new StringBuilder("| method | javac try/finally | jdefer | difference | inlining of the jdefer method |\n"
                + "|---|---:|---:|---:|---|\n");
        int javacTotal = 0;
        int jdeferTotal = 0;
        for (Map.Entry<String, int[]> pair : pairs.entrySet()) {
            int[] sizes = pair.getValue();
            javacTotal += sizes[0];
            jdeferTotal += sizes[1];
            out.append("| `").append(pair.getKey()).append("` | ").append(sizes[0]).append(" | ").append(sizes[1]).append(" | ")
                    .append(String.format("%+d", sizes[1] - sizes[0])).append(" | ").append(CodeSize.inlining(sizes[1])).append(" |\n");
        }
        out.append(String.format("| total | %d | %d | %+d (%+.1f%%) | |%n", javacTotal, jdeferTotal, jdeferTotal - javacTotal,
                100.0 * (jdeferTotal - javacTotal) / javacTotal));
        jdeferTotal += exits;
        out.append(String.format("| with the class's exceptional exits (`jdefer$unwind*`, D37: %d bytes) | %d | %d | %+d (%+.1f%%) | |%n",
                exits, javacTotal, jdeferTotal, jdeferTotal - javacTotal, 100.0 * (jdeferTotal - javacTotal) / javacTotal));
        System.out.print(out);
    }
}
