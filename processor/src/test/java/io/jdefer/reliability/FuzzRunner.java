package io.jdefer.reliability;

import io.jdefer.reliability.FuzzModel.Batch;
import io.jdefer.reliability.FuzzModel.Kind;
import io.jdefer.reliability.FuzzModel.Method;
import io.jdefer.reliability.FuzzRenderer.Variant;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import io.jdefer.testing.Source;
import io.jdefer.testing.Trace;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.tools.Diagnostic;

/**
 * Compiles a {@link Batch} (every variant in one javac run, with the processor), verifies every
 * class it wrote, runs each method of each jdefer variant and of the reference on the same inputs,
 * and reports where they differ: events, return value, or thrown exception (class, message,
 * suppressed and cause, recursively).
 */
final class FuzzRunner {
    private FuzzRunner() {}

    /** Variants compared with the reference; INLINE only when asked for. */
    static final List<Variant> COMPARED = List.of(Variant.AUTO, Variant.FRAME, Variant.INLINE);

    /** What one run of a method did. */
    record Outcome(List<String> events, String result) {
        static Outcome of(List<String> events, Object value, Throwable thrown) {
            return new Outcome(events, thrown != null ? "threw " + describe(thrown) : "returned " + value(value));
        }

        private static String value(Object value) {
            return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
        }
    }

    /** A difference between a jdefer variant and the reference, or a failure to compile or verify. */
    record Divergence(Batch batch, String method, Variant variant, int[] input, Outcome expected, Outcome actual, String problem) {
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("seed " + batch.seed() + " " + batch.javacOptions() + ": ");
            if (problem != null) {
                return text.append(problem).toString();
            }
            text.append(variant).append(' ').append(method).append(Arrays.toString(input)).append('\n')
                    .append("  reference: ").append(expected).append('\n')
                    .append("  jdefer:    ").append(actual);
            return text.toString();
        }
    }

    static List<Source> sources(Batch batch) {
        return sources(batch, List.of(Variant.values()));
    }

    static List<Source> sources(Batch batch, List<Variant> variants) {
        List<Source> sources = new ArrayList<>();
        for (Variant variant : variants) {
            sources.add(FuzzRenderer.source(batch, variant));
        }
        return sources;
    }

    /**
     * Compiles the reference and one variant, and runs one method on one input: a divergence, a
     * compilation or verification problem, or {@code null} when they agree. What the shrinker asks.
     */
    static Divergence runOne(Batch batch, Variant variant, String methodName, int[] input) {
        Compilation compilation = Javac.javac().options(batch.javacOptions().toArray(new String[0]))
                .compile(sources(batch, List.of(variant, Variant.REF)));
        String problem = compileProblem(compilation);
        if (problem == null) {
            problem = verify(compilation, batch);
        }
        if (problem != null) {
            return new Divergence(batch, methodName, variant, input, null, null, problem);
        }
        Method method = batch.methods().stream().filter(m -> m.name().equals(methodName)).findFirst().orElseThrow();
        Outcome expected = invoke(compilation, batch, Variant.REF, method, input);
        Outcome actual = invoke(compilation, batch, variant, method, input);
        return expected.equals(actual) ? null : new Divergence(batch, methodName, variant, input, expected, actual, null);
    }

    /** Compiles and runs the batch; the empty list when every variant agrees with the reference. */
    static List<Divergence> run(Batch batch, int inputsPerMethod) {
        long start = System.nanoTime();
        Compilation compilation = Javac.javac().options(batch.javacOptions().toArray(new String[0])).compile(sources(batch));
        long compiled = System.nanoTime();
        List<Divergence> found = new ArrayList<>();
        String problem = compileProblem(compilation);
        if (problem != null) {
            found.add(new Divergence(batch, null, null, null, null, null, problem));
            return found;
        }
        String unverified = verify(compilation, batch);
        if (unverified != null) {
            found.add(new Divergence(batch, null, null, null, null, null, unverified));
            return found;
        }
        long verified = System.nanoTime();
        Random inputs = new Random(batch.seed() ^ 0x5DEECE66DL);
        for (Method method : batch.methods()) {
            List<int[]> cases = new ArrayList<>();
            int count = method.kind() == Kind.ACTION_TARGET ? 1 : inputsPerMethod;
            for (int i = 0; i < count; i++) {
                cases.add(new int[] {inputs.nextInt(40) - 4, inputs.nextInt(40) - 4});
            }
            for (int[] input : cases) {
                Outcome expected = invoke(compilation, batch, Variant.REF, method, input);
                for (Variant variant : COMPARED) {
                    Outcome actual = invoke(compilation, batch, variant, method, input);
                    if (!expected.equals(actual)) {
                        found.add(new Divergence(batch, method.name(), variant, input, expected, actual, null));
                    }
                }
            }
        }
        if (Boolean.getBoolean("jdefer.fuzz.timing")) {
            System.out.printf("batch %d: compile %d ms, verify %d ms, run %d ms%n", batch.seed(), (compiled - start) / 1_000_000,
                    (verified - compiled) / 1_000_000, (System.nanoTime() - verified) / 1_000_000);
        }
        return found;
    }

    /**
     * Runs ASM's data-flow verifier over every class of the jdefer variants (the reference is plain
     * javac output); the JVM's verifier runs when they are loaded (surefire sets -Xverify:all).
     */
    static String verify(Compilation compilation, Batch batch) {
        for (Map.Entry<String, byte[]> entry : compilation.classes().entrySet()) {
            if (entry.getKey().startsWith(FuzzRenderer.PACKAGE + "." + FuzzRenderer.className(batch, Variant.REF))) {
                continue;
            }
            String problems;
            try {
                problems = Compilation.verify(entry.getValue(), compilation.loader());
            } catch (RuntimeException | LinkageError e) {
                return "verification of " + entry.getKey() + ": " + e;
            }
            if (!problems.isEmpty()) {
                return "verification of " + entry.getKey() + ":\n" + problems;
            }
        }
        return null;
    }

    /** A failed compilation, any jdefer diagnostic, or a compiler crash, as text; {@code null} when clean. */
    static String compileProblem(Compilation compilation) {
        List<String> problems = new ArrayList<>();
        for (Diagnostic<?> d : compilation.diagnostics()) {
            String message = d.getMessage(Locale.ROOT);
            if (d.getKind() == Diagnostic.Kind.ERROR || message.contains("[jdefer") || message.contains("exception has occurred")) {
                problems.add(d.getKind() + " " + d.getSource() + " line " + d.getLineNumber() + ": " + message);
            }
        }
        if (!compilation.success() && problems.isEmpty()) {
            problems.add("javac failed without an error");
        }
        return problems.isEmpty() ? null : "compilation: " + String.join("\n", problems);
    }

    static Outcome invoke(Compilation compilation, Batch batch, Variant variant, Method method, int[] input) {
        Trace.take();
        Object[] result = call(compilation, batch, variant, method, input);
        if (result[2] != null) {
            return new Outcome(Trace.take(), (String) result[2]);
        }
        return Outcome.of(Trace.take(), result[0], (Throwable) result[1]);
    }

    /** Like {@link #invoke}, with the calling thread's events kept apart: for runs on many threads at once. */
    static Outcome invokeOnThisThread(Compilation compilation, Batch batch, Variant variant, Method method, int[] input) {
        Object[][] result = new Object[1][];
        List<String> events = FuzzSupport.captured(() -> result[0] = call(compilation, batch, variant, method, input));
        if (result[0][2] != null) {
            return new Outcome(events, (String) result[0][2]);
        }
        return Outcome.of(events, result[0][0], (Throwable) result[0][1]);
    }

    /** {value, thrown, link problem}. */
    private static Object[] call(Compilation compilation, Batch batch, Variant variant, Method method, int[] input) {
        Object value = null;
        Throwable thrown = null;
        try {
            Class<?> type = compilation.load(FuzzRenderer.PACKAGE + "." + FuzzRenderer.className(batch, variant));
            java.lang.reflect.Method target = method.kind() == Kind.ACTION_TARGET
                    ? type.getDeclaredMethod(method.name())
                    : type.getDeclaredMethod(method.name(), int.class, int.class);
            target.setAccessible(true);
            value = method.kind() == Kind.ACTION_TARGET ? target.invoke(null) : target.invoke(null, input[0], input[1]);
        } catch (InvocationTargetException e) {
            thrown = e.getCause();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        } catch (LinkageError e) {
            return new Object[] {null, null, "did not load: " + e};
        }
        return new Object[] {value, thrown, null};
    }

    /** Class, message, suppressed and cause, recursively: what two runs must agree on. */
    static String describe(Throwable t) {
        StringBuilder text = new StringBuilder(t.getClass().getName()).append('(').append(t.getMessage()).append(')');
        if (t.getSuppressed().length > 0) {
            text.append(" suppressed[");
            for (Throwable s : t.getSuppressed()) {
                text.append(s == t ? "<self>" : describe(s)).append("; ");
            }
            text.append(']');
        }
        if (t.getCause() != null && t.getCause() != t) {
            text.append(" cause{").append(describe(t.getCause())).append('}');
        }
        return text.toString();
    }
}
