package io.jdefer.bench.anatomy;

import io.jdefer.bench.Fixture;
import io.jdefer.bench.Res;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

/**
 * Probe (issue 13 items 1 and 2): entries in sixteen locals chosen by a {@code tableswitch} on the
 * count, a thread-local array only past them: no array base to wait for while the entries fit.
 * Against {@code ownArray}, the state's array (one load from {@code this}, as hand-written code).
 * Written out in full like the other anatomy classes (a helper would be inlined differently);
 * run.sh's default set does not include it (BENCH=anatomy.SwitchLocals runs it).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SwitchLocalsAnatomy extends Fixture {
    @Param({"4", "8", "16", "24"})
    public int n;

    private final Res[] items = new Res[128];
    private final Object[] refs = new Object[128];
    static final ThreadLocal<Object[]> ARRAYS = ThreadLocal.withInitial(() -> new Object[128]);

    public SwitchLocalsAnatomy() {
        for (int i = 0; i < items.length; i++) {
            items[i] = new Res();
        }
    }

    @Override
    protected void checkScenario() {
        for (Res r : items) {
            if (r.isOpen()) {
                throw new IllegalStateException("SwitchLocalsAnatomy: an item left open");
            }
        }
    }

    @Benchmark
    public long ownArray() {
        Object[] opened = refs;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (k >= opened.length) {
                    throw new IllegalStateException();
                }
                opened[k++] = r;
            }
            return work();
        } finally {
            while (k > 0) {
                Res r = (Res) opened[--k];
                opened[k] = null;
                r.close();
            }
        }
    }

    @Benchmark
    public long switchLocals() {
        Res l0 = null;
        Res l1 = null;
        Res l2 = null;
        Res l3 = null;
        Res l4 = null;
        Res l5 = null;
        Res l6 = null;
        Res l7 = null;
        Res l8 = null;
        Res l9 = null;
        Res l10 = null;
        Res l11 = null;
        Res l12 = null;
        Res l13 = null;
        Res l14 = null;
        Res l15 = null;
        Object[] opened = null;
        int c = 0;
        int k = 0;
        try {
            for (int i = 0; i < n; i++) {
                Res r = items[i].open();
                if (c < 16) {
                    switch (c) {
                    case 0:
                        l0 = r;
                        break;
                    case 1:
                        l1 = r;
                        break;
                    case 2:
                        l2 = r;
                        break;
                    case 3:
                        l3 = r;
                        break;
                    case 4:
                        l4 = r;
                        break;
                    case 5:
                        l5 = r;
                        break;
                    case 6:
                        l6 = r;
                        break;
                    case 7:
                        l7 = r;
                        break;
                    case 8:
                        l8 = r;
                        break;
                    case 9:
                        l9 = r;
                        break;
                    case 10:
                        l10 = r;
                        break;
                    case 11:
                        l11 = r;
                        break;
                    case 12:
                        l12 = r;
                        break;
                    case 13:
                        l13 = r;
                        break;
                    case 14:
                        l14 = r;
                        break;
                    case 15:
                        l15 = r;
                        break;
                    default:
                        throw new IllegalStateException();
                    }
                    c++;
                } else {
                    if (opened == null) {
                        opened = ARRAYS.get();
                    }
                    if (k >= opened.length) {
                        throw new IllegalStateException();
                    }
                    opened[k++] = r;
                }
            }
            return work();
        } finally {
            while (k > 0) {
                Res r = (Res) opened[--k];
                opened[k] = null;
                r.close();
            }
            while (c > 0) {
                Res r;
                switch (--c) {
                case 0:
                    r = l0;
                    break;
                case 1:
                    r = l1;
                    break;
                case 2:
                    r = l2;
                    break;
                case 3:
                    r = l3;
                    break;
                case 4:
                    r = l4;
                    break;
                case 5:
                    r = l5;
                    break;
                case 6:
                    r = l6;
                    break;
                case 7:
                    r = l7;
                    break;
                case 8:
                    r = l8;
                    break;
                case 9:
                    r = l9;
                    break;
                case 10:
                    r = l10;
                    break;
                case 11:
                    r = l11;
                    break;
                case 12:
                    r = l12;
                    break;
                case 13:
                    r = l13;
                    break;
                case 14:
                    r = l14;
                    break;
                case 15:
                    r = l15;
                    break;
                default:
                    throw new IllegalStateException();
                }
                r.close();
            }
        }
    }
}
