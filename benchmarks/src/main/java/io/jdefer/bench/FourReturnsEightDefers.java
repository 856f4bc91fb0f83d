package io.jdefer.bench;

import static io.jdefer.Defers.defer;

import io.jdefer.Deferred;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * SPEC 7 bytecode-size row at its worst for javac: a lock and seven resources (eight nested
 * {@code finally} blocks) and four {@code return}s taken in turn. javac copies every enclosing
 * {@code finally} onto every exit; jdefer jumps to one epilogue.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FourReturnsEightDefers extends Fixture {
    int turn;

    @Benchmark
    public long handWritten() {
        int k = turn++ & 3;
        Res[] r = res;
        mu.lock();
        try {
            Res r1 = r[1].open();
            try {
                Res r2 = r[2].open();
                try {
                    Res r3 = r[3].open();
                    try {
                        Res r4 = r[4].open();
                        try {
                            Res r5 = r[5].open();
                            try {
                                Res r6 = r[6].open();
                                try {
                                    Res r7 = r[7].open();
                                    try {
                                        if (k == 0) {
                                            return work();
                                        }
                                        if (k == 1) {
                                            return work() + 1;
                                        }
                                        if (k == 2) {
                                            return work() ^ 2;
                                        }
                                        return -work();
                                    } finally {
                                        r7.close();
                                    }
                                } finally {
                                    r6.close();
                                }
                            } finally {
                                r5.close();
                            }
                        } finally {
                            r4.close();
                        }
                    } finally {
                        r3.close();
                    }
                } finally {
                    r2.close();
                }
            } finally {
                r1.close();
            }
        } finally {
            mu.unlock();
        }
    }

    @Benchmark
    @Deferred
    public long jdefer() {
        int k = turn++ & 3;
        Res[] r = res;
        mu.lock();
        defer(mu::unlock);
        Res r1 = r[1].open();
        defer(r1::close);
        Res r2 = r[2].open();
        defer(r2::close);
        Res r3 = r[3].open();
        defer(r3::close);
        Res r4 = r[4].open();
        defer(r4::close);
        Res r5 = r[5].open();
        defer(r5::close);
        Res r6 = r[6].open();
        defer(r6::close);
        Res r7 = r[7].open();
        defer(r7::close);
        if (k == 0) {
            return work();
        }
        if (k == 1) {
            return work() + 1;
        }
        if (k == 2) {
            return work() ^ 2;
        }
        return -work();
    }

    @Benchmark
    public long tryWithResources() {
        int k = turn++ & 3;
        Res[] r = res;
        try (LockGuard g = guard.lock();
                Res r1 = r[1].open();
                Res r2 = r[2].open();
                Res r3 = r[3].open();
                Res r4 = r[4].open();
                Res r5 = r[5].open();
                Res r6 = r[6].open();
                Res r7 = r[7].open()) {
            if (k == 0) {
                return work();
            }
            if (k == 1) {
                return work() + 1;
            }
            if (k == 2) {
                return work() ^ 2;
            }
            return -work();
        }
    }
}
