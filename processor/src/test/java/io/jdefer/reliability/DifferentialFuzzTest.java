package io.jdefer.reliability;

import static org.junit.jupiter.api.Assertions.fail;

import io.jdefer.reliability.FuzzModel.Batch;
import io.jdefer.reliability.FuzzRunner.Divergence;
import io.jdefer.testing.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.jdefer.reliability.FuzzRenderer.Variant;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing (SPEC S1-S6, S8-S10, C2-C5): random {@code @Deferred} programs, compiled by
 * the processor under AUTO, FRAME and INLINE, run against a plain-Java reference of the same
 * program on the same inputs. Every class the batch writes is verified (ASM's analyzer, and the
 * JVM's with surefire's {@code -Xverify:all} when loaded).
 *
 * <p>CI runs a fixed-seed batch. {@code -Djdefer.fuzz.count=N} (programs, one per generated method)
 * and {@code -Djdefer.fuzz.seed=S} (the first batch's seed; batch {@code i} uses {@code S + i}) run
 * any other; {@code scripts/fuzz.sh} sets both. A failing batch's sources are written to
 * {@code target/fuzz-failures/<seed>/}.
 */
class DifferentialFuzzTest {
    static final long CI_SEED = 20_251_126L;
    static final int CI_PROGRAMS = 288;
    static final int PER_BATCH = 24;
    static final int INPUTS = 4;

    @Test
    void randomPrograms_behaveLikeTheReference_onEveryStrategy_S1_S6() {
        long seed = Long.getLong("jdefer.fuzz.seed", CI_SEED);
        int programs = Integer.getInteger("jdefer.fuzz.count", CI_PROGRAMS);
        int perBatch = Integer.getInteger("jdefer.fuzz.batch", PER_BATCH);
        List<Divergence> divergences = new ArrayList<>();
        int batches = (programs + perBatch - 1) / perBatch;
        long start = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            Batch batch = batch(seed + i, Math.min(perBatch, programs - i * perBatch));
            List<Divergence> found = FuzzRunner.run(batch, INPUTS);
            if (!found.isEmpty()) {
                save(batch);
                divergences.addAll(found);
            }
            if (Boolean.getBoolean("jdefer.fuzz.progress")) {
                System.out.printf("batch %d/%d, seed %d: %d divergences%s%n", i + 1, batches, batch.seed(), found.size(),
                        found.isEmpty() ? "" : " (scripts/fuzz.sh --shrink " + batch.seed() + ")");
            }
        }
        System.out.printf("jdefer fuzz: %d programs in %d batches from seed %d, %d divergences, %.1f s%n", programs, batches, seed,
                divergences.size(), (System.nanoTime() - start) / 1e9);
        for (Divergence d : divergences) {
            String first = d.toString().split("\n")[0];
            System.out.println("divergence: " + first.substring(0, Math.min(first.length(), 400)));
        }
        if (!divergences.isEmpty()) {
            StringBuilder text = new StringBuilder(divergences.size() + " divergences; sources in target/fuzz-failures/\n");
            divergences.stream().limit(30).forEach(d -> text.append(d).append('\n'));
            fail(text.toString());
        }
    }

    /**
     * {@code -Djdefer.fuzz.shrink=SEED} (with {@code -Djdefer.fuzz.count}, the batch's size, and
     * optionally {@code -Djdefer.fuzz.method=m7}): runs that one batch, minimizes its first
     * divergence and prints the small program. {@code scripts/fuzz.sh --shrink SEED} runs it.
     */
    @Test
    void shrink() {
        String seedText = System.getProperty("jdefer.fuzz.shrink");
        Assumptions.assumeTrue(seedText != null, "set -Djdefer.fuzz.shrink=SEED to minimize a failing batch");
        long seed = Long.parseLong(seedText);
        Batch batch = batch(seed, Integer.getInteger("jdefer.fuzz.count", PER_BATCH));
        String only = System.getProperty("jdefer.fuzz.method");
        List<Divergence> found = FuzzRunner.run(batch, INPUTS);
        Divergence first = found.stream().filter(d -> only == null || only.equals(d.method())).findFirst().orElse(null);
        if (first == null) {
            System.out.println("seed " + seed + ": no divergence to shrink");
            return;
        }
        System.out.println("shrinking " + first);
        Batch small = new FuzzShrinker(first).shrink(batch);
        Variant variant = first.variant() == null ? Variant.AUTO : first.variant();
        System.out.println(FuzzRenderer.source(small, variant).text());
        System.out.println(FuzzRenderer.source(small, Variant.REF).text());
        System.out.println("now: " + FuzzRunner.runOne(small, variant, first.method() == null ? small.methods().get(0).name()
                : first.method(), first.input() == null ? new int[2] : first.input()));
    }

    /** The batch of a seed: the javac options rotate with the seed, so a seed alone reproduces it. */
    static Batch batch(long seed, int methods) {
        // -g:vars alone: a local variable table without line numbers (nothing may be placed by line)
        List<List<String>> options = List.of(List.of(), List.of("-g"), List.of("-g:none"), List.of("-parameters", "-g:source,lines,vars"),
                List.of("-g:vars"));
        return new FuzzGenerator(seed, Boolean.getBoolean("jdefer.fuzz.knownBugs")).batch(seed, "F" + Long.toHexString(seed), methods,
                options.get((int) Math.floorMod(seed, (long) options.size())));
    }

    static void save(Batch batch) {
        try {
            Path dir = Path.of("target", "fuzz-failures", String.valueOf(batch.seed()));
            Files.createDirectories(dir);
            for (Source source : FuzzRunner.sources(batch)) {
                Files.writeString(dir.resolve(source.className().substring(source.className().lastIndexOf('.') + 1) + ".java"),
                        source.text());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
