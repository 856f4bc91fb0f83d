package io.jdefer.bench.tools;

import io.jdefer.bench.FrameShapes;
import io.jdefer.bench.OneDefer;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Ratios of jdefer to the hand-written code of the same shape, measured side by side in one JVM:
 * the two variants run in alternating batches (which one goes first alternates too), so that a
 * change in the machine's load between batches hits both. Reported: the ratio of the two
 * variants' fastest batches (on a loaded machine a batch is only ever slowed down by other work,
 * so the minimum is the steadiest estimate of a variant's own cost), and the median of the
 * per-round ratios with its quartiles. For a shared, loaded machine where JMH's one-benchmark-after-another
 * runs move by tens of percent (docs/performance.md). Not a replacement for JMH: no forks, no
 * blackhole; each variant is called directly from its own loop, as JMH's generated loop calls it,
 * and its result summed into a field.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.jdefer.bench.tools.Alternate [rounds] [n,n,...] [shapes,...]}.
 * Also prints bytes allocated per call by the jdefer variant (the thread's allocation counter).
 */
public final class Alternate {
    static final String[] SHAPES = {"compact", "lockLoop", "longInt", "twoSites", "thisAndLocal", "nested", "doubles", "OneDefer"};
    private final FrameShapes s = new FrameShapes();
    private final OneDefer o = new OneDefer();
    long sum;

    /** Times {@code k} calls of one variant; each variant has a loop method of its own, compiled on its own. */
    long run(int variant, int k) {
        switch (variant) {
            case 0: return loop0(k);
            case 1: return loop1(k);
            case 2: return loop2(k);
            case 3: return loop3(k);
            case 4: return loop4(k);
            case 5: return loop5(k);
            case 6: return loop6(k);
            case 7: return loop7(k);
            case 8: return loop8(k);
            case 9: return loop9(k);
            case 10: return loop10(k);
            case 11: return loop11(k);
            case 12: return loop12(k);
            case 13: return loop13(k);
            case 14: return loop14(k);
            case 15: return loop15(k);
            default: throw new IllegalArgumentException("variant " + variant);
        }
    }

    private long loop0(int k) {
        long start = System.nanoTime();
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += s.compact_handWritten();
        }
        sum += total;
        return System.nanoTime() - start;
    }

    private long loop1(int k) {
        long start = System.nanoTime();
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += s.compact_jdefer();
        }
        sum += total;
        return System.nanoTime() - start;
    }

    private long loop2(int k) {
        long start = System.nanoTime();
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += s.lockLoop_handWritten();
        }
        sum += total;
        return System.nanoTime() - start;
    }

    private long loop3(int k) {
        long start = System.nanoTime();
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += s.lockLoop_jdefer();
        }
        sum += total;
        return System.nanoTime() - start;
    }

    private long loop4(int k) {
        long start = System.nanoTime();
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += s.longInt_handWritten();
        }
        sum += total;
        return System.nanoTime() - start;
    }

    private long loop5(int k) {
        long start = System.nanoTime();
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += s.longInt_jdefer();
        }
        sum += total;
        return System.nanoTime() - start;
    }

    private long loop6(int k) {
        long start = System.nanoTime();
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += s.twoSites_handWritten();
        }
        sum += total;
        return System.nanoTime() - start;
    }

    private long loop7(int k) {
        long start = System.nanoTime();
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += s.twoSites_jdefer();
        }
        sum += total;
        return System.nanoTime() - start;
    }

    private long loop8(int k) {
        long start = System.nanoTime();
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += s.thisAndLocal_handWritten();
        }
        sum += total;
        return System.nanoTime() - start;
    }

    private long loop9(int k) {
        long start = System.nanoTime();
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += s.thisAndLocal_jdefer();
        }
        sum += total;
        return System.nanoTime() - start;
    }

    private long loop10(int k) {
        long start = System.nanoTime();
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += s.nested_handWritten();
        }
        sum += total;
        return System.nanoTime() - start;
    }

    private long loop11(int k) {
        long start = System.nanoTime();
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += s.nested_jdefer();
        }
        sum += total;
        return System.nanoTime() - start;
    }

    private long loop12(int k) {
        long start = System.nanoTime();
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += s.doubles_handWritten();
        }
        sum += total;
        return System.nanoTime() - start;
    }

    private long loop13(int k) {
        long start = System.nanoTime();
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += s.doubles_jdefer();
        }
        sum += total;
        return System.nanoTime() - start;
    }

    private long loop14(int k) {
        long start = System.nanoTime();
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += o.handWritten();
        }
        sum += total;
        return System.nanoTime() - start;
    }

    private long loop15(int k) {
        long start = System.nanoTime();
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += o.jdefer();
        }
        sum += total;
        return System.nanoTime() - start;
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        int[] ns = Arrays.stream((args.length > 1 ? args[1] : "1,4,16,64").split(",")).mapToInt(Integer::parseInt).toArray();
        java.util.List<String> only = args.length > 2 ? Arrays.asList(args[2].split(",")) : Arrays.asList(SHAPES);
        Alternate a = new Alternate();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.out.println("| shape | n | ratio of minima | median ratio (quartiles) | hand-written ns (min) | jdefer ns (min) | jdefer B/call |");
        System.out.println("|---|---:|---:|---|---:|---:|---:|");
        for (int si = 0; si < SHAPES.length; si++) {
            if (!only.contains(SHAPES[si])) {
                continue;
            }
            for (int n : ns) {
                if (SHAPES[si].equals("OneDefer") && n != ns[0]) {
                    continue;
                }
                a.s.n = n;
                int hw = 2 * si;
                int jd = 2 * si + 1;
                int k = Math.max(200, 20_000 / (n + 4));
                for (int w = 0; w < 150; w++) {
                    a.run(hw, k);
                    a.run(jd, k);
                }
                double[] ratios = new double[rounds];
                double[] th = new double[rounds];
                double[] tj = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    long h;
                    long j;
                    if (r % 2 == 0) {
                        h = a.run(hw, k);
                        j = a.run(jd, k);
                    } else {
                        j = a.run(jd, k);
                        h = a.run(hw, k);
                    }
                    th[r] = (double) h / k;
                    tj[r] = (double) j / k;
                    ratios[r] = (double) j / h;
                }
                long before = mx.getCurrentThreadAllocatedBytes();
                a.run(jd, k);
                long bytes = mx.getCurrentThreadAllocatedBytes() - before;
                Arrays.sort(ratios);
                Arrays.sort(th);
                Arrays.sort(tj);
                System.out.printf("| %s | %d | %.2f | %.2f (%.2f–%.2f) | %.1f | %.1f | %.1f |%n", SHAPES[si], n, tj[0] / th[0],
                        ratios[rounds / 2], ratios[rounds / 4], ratios[3 * rounds / 4], th[0], tj[0], (double) bytes / k);
            }
        }
        if (a.sum == 42) {
            System.out.println();
        }
    }
}
