package io.jdefer.bench;

import static io.jdefer.Defers.defer;

import com.google.common.io.Closer;
import io.jdefer.Deferred;
import io.jdefer.Strategy;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * SPEC 7 row 2 and the article's "8 defers" row: a lock and seven resources, released in reverse
 * order on every exit; the hand-written baseline is eight nested {@code try}/{@code finally}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EightDefers extends Fixture {
    @Benchmark
    public long handWritten() {
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
                                        return work();
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
        return work();
    }

    @Benchmark
    @Deferred(Strategy.FRAME)
    public long jdeferFrame() {
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
        return work();
    }

    @Benchmark
    public long tryWithResources() {
        Res[] r = res;
        try (LockGuard g = guard.lock();
                Res r1 = r[1].open();
                Res r2 = r[2].open();
                Res r3 = r[3].open();
                Res r4 = r[4].open();
                Res r5 = r[5].open();
                Res r6 = r[6].open();
                Res r7 = r[7].open()) {
            return work();
        }
    }

    @Benchmark
    public long arrayDeque() {
        Res[] r = res;
        ArrayDeque<Runnable> defers = new ArrayDeque<>();
        try {
            mu.lock();
            defers.push(mu::unlock);
            Res r1 = r[1].open();
            defers.push(r1::close);
            Res r2 = r[2].open();
            defers.push(r2::close);
            Res r3 = r[3].open();
            defers.push(r3::close);
            Res r4 = r[4].open();
            defers.push(r4::close);
            Res r5 = r[5].open();
            defers.push(r5::close);
            Res r6 = r[6].open();
            defers.push(r6::close);
            Res r7 = r[7].open();
            defers.push(r7::close);
            return work();
        } finally {
            runAll(defers);
        }
    }

    @Benchmark
    public long guavaCloser() throws IOException {
        Res[] r = res;
        Closer closer = Closer.create();
        try {
            mu.lock();
            closer.register((Closeable) mu::unlock);
            closer.register(r[1].open());
            closer.register(r[2].open());
            closer.register(r[3].open());
            closer.register(r[4].open());
            closer.register(r[5].open());
            closer.register(r[6].open());
            closer.register(r[7].open());
            return work();
        } catch (Throwable t) {
            throw closer.rethrow(t);
        } finally {
            closer.close();
        }
    }
}
