package io.jdefer.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jdefer.reliability.FuzzModel.Batch;
import io.jdefer.reliability.FuzzModel.Kind;
import io.jdefer.reliability.FuzzModel.Method;
import io.jdefer.reliability.FuzzRenderer.Variant;
import io.jdefer.reliability.FuzzRunner.Outcome;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC S10, C4: each invocation has its own actions, on platform and virtual threads. One fuzz
 * batch's jdefer variants run on many threads at once, every invocation interleaving with others
 * (each event yields), and each must do exactly what the reference did alone: same events, same
 * result. The frame lowering's pool is shared by virtual threads, so they are the harder case.
 */
class ConcurrentFuzzTest {
    static Batch batch;
    static Compilation compilation;
    static List<Method> methods = new ArrayList<>();
    static List<int[]> inputs = new ArrayList<>();
    static List<Outcome> expected = new ArrayList<>();

    @BeforeAll
    static void compileAndRunTheReference() {
        batch = DifferentialFuzzTest.batch(DifferentialFuzzTest.CI_SEED + 3000, DifferentialFuzzTest.PER_BATCH);
        compilation = Javac.javac().options(batch.javacOptions().toArray(new String[0])).compile(FuzzRunner.sources(batch));
        assertEquals(null, FuzzRunner.compileProblem(compilation));
        Random random = new Random(batch.seed());
        for (Method method : batch.methods()) {
            for (int i = method.kind() == Kind.ACTION_TARGET ? 1 : 3; i > 0; i--) {
                int[] input = {random.nextInt(40) - 4, random.nextInt(40) - 4};
                methods.add(method);
                inputs.add(input);
                expected.add(FuzzRunner.invokeOnThisThread(compilation, batch, Variant.REF, method, input));
            }
        }
        FuzzSupport.yieldOnLog = true;
    }

    @AfterAll
    static void stopYielding() {
        FuzzSupport.yieldOnLog = false;
    }

    @Test
    void platformThreads_runInvocationsIndependently_S10_C4() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            assertEquals(List.of(), runEverywhere(threads));
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void virtualThreads_runInvocationsIndependently_S10_C4() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
        ExecutorService threads = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        try {
            assertEquals(List.of(), runEverywhere(threads));
        } finally {
            threads.shutdownNow();
        }
    }

    /** Every (method, input) of both lowerings, 4 times each, shuffled, all submitted at once; the mismatches. */
    private static List<String> runEverywhere(ExecutorService threads) throws Exception {
        List<Integer> tasks = new ArrayList<>();
        for (int repeat = 0; repeat < 4; repeat++) {
            for (int i = 0; i < methods.size(); i++) {
                tasks.add(i);
            }
        }
        Collections.shuffle(tasks, new Random(42));
        ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int task : tasks) {
            for (Variant variant : List.of(Variant.AUTO, Variant.FRAME)) {
                futures.add(threads.submit(() -> {
                    Outcome actual = FuzzRunner.invokeOnThisThread(compilation, batch, variant, methods.get(task), inputs.get(task));
                    if (!actual.equals(expected.get(task))) {
                        mismatches.add(variant + " " + methods.get(task).name() + java.util.Arrays.toString(inputs.get(task))
                                + "\n  alone:      " + expected.get(task) + "\n  concurrent: " + actual);
                    }
                }));
            }
        }
        for (Future<?> future : futures) {
            future.get(2, TimeUnit.MINUTES);
        }
        return new ArrayList<>(mismatches).subList(0, Math.min(10, mismatches.size()));
    }
}
