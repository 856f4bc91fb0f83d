package io.jdefer.bench;

import static io.jdefer.Defers.defer;

import io.jdefer.Deferred;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * {@link EightDefers} as real code meets it: the method with eight cleanups is called by another
 * method, and HotSpot decides by itself whether to inline it. JMH force-inlines a benchmark method
 * into its measurement loop, which hides a method that grew past HotSpot's inlining limit
 * ({@code FreqInlineSize}, 325 bytes); here the benchmark method is a plain caller and the bodies
 * below are ordinary callees.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EightDefersCalled extends Fixture {
    @Benchmark
    public long handWritten() {
        return handWrittenBody() + 1;
    }

    @Benchmark
    public long jdefer() {
        return jdeferBody() + 1;
    }

    long handWrittenBody() {
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

    @Deferred
    long jdeferBody() {
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
}
