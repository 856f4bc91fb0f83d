package io.jdefer.reliability;

import io.jdefer.reliability.FuzzModel.Batch;
import io.jdefer.reliability.FuzzModel.Compound;
import io.jdefer.reliability.FuzzModel.Method;
import io.jdefer.reliability.FuzzModel.Part;
import io.jdefer.reliability.FuzzModel.Stmt;
import io.jdefer.reliability.FuzzRenderer.Variant;
import io.jdefer.reliability.FuzzRunner.Divergence;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Minimizes a failing program (delta debugging on the model): drops the methods the failing one
 * does not reach, then, as long as the failure persists, removes statements one at a time and
 * replaces compound statements by one of their blocks, in every method left. Candidates that no
 * longer compile are simply not taken. The result is the start of a hand-written regression test.
 */
final class FuzzShrinker {
    private final Variant variant;
    private final String methodName;
    private final int[] input;
    private final Predicate<Divergence> same;
    private int attempts;

    /**
     * {@code failure}: the divergence to keep. A run-time divergence stays one (any difference on
     * that input); a compile or verify problem keeps the id of its first jdefer error (else of any
     * jdefer diagnostic), or its kind.
     */
    FuzzShrinker(Divergence failure) {
        this.variant = failure.variant() == null ? Variant.AUTO : failure.variant();
        this.methodName = failure.method();
        this.input = failure.input() == null ? new int[] {0, 0} : failure.input();
        if (failure.problem() == null) {
            same = d -> d != null && d.problem() == null;
        } else {
            String key = firstGroup("ERROR[^\\n]*?(\\[jdefer:\\w+\\])", failure.problem());
            if (key == null) {
                key = firstGroup("(\\[jdefer:\\w+\\])", failure.problem());
            }
            if (key == null) {
                key = failure.problem().startsWith("verification") ? "verification" : "exception has occurred";
            }
            String kept = key;
            same = d -> d != null && d.problem() != null && d.problem().contains(kept);
        }
    }

    private static String firstGroup(String regex, String text) {
        java.util.regex.Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : null;
    }

    Batch shrink(Batch batch) {
        Batch current = reachable(batch);
        if (!interesting(current)) {
            current = batch;
        }
        // Whole methods first (a compile-time failure names no method); callers go before callees.
        for (int m = 0; m < current.methods().size() && current.methods().size() > 1;) {
            List<Method> fewer = new ArrayList<>(current.methods());
            Method dropped = fewer.remove(m);
            Batch smaller = new Batch(current.seed(), current.prefix(), fewer, current.javacOptions());
            if (!dropped.name().equals(methodName) && interesting(smaller)) {
                current = smaller;
            } else {
                m++;
            }
        }
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int m = 0; m < current.methods().size(); m++) {
                Batch smaller = shrinkMethod(current, m);
                if (smaller != current) {
                    current = smaller;
                    progress = true;
                }
            }
        }
        System.out.println("shrinker: " + attempts + " attempts");
        return current;
    }

    private Batch shrinkMethod(Batch batch, int index) {
        Batch current = batch;
        boolean progress = true;
        while (progress) {
            progress = false;
            Method method = current.methods().get(index);
            int size = FuzzModel.size(method.body());
            for (int k = 0; k < size && !progress; k++) {
                for (int mode = 0; mode < 2 && !progress; mode++) {
                    List<Stmt> candidate = edit(method.body(), k, mode);
                    if (candidate == null) {
                        continue;
                    }
                    Batch smaller = current.withMethod(index, method.withBody(candidate));
                    if (interesting(smaller)) {
                        current = smaller;
                        progress = true;
                    }
                }
            }
        }
        return current;
    }

    private boolean interesting(Batch batch) {
        attempts++;
        try {
            return same.test(FuzzRunner.runOne(batch, variant, methodName == null ? batch.methods().get(0).name() : methodName, input));
        } catch (RuntimeException | AssertionError | LinkageError e) {
            return false;
        }
    }

    /** The failing method and those it calls, directly or not. */
    private Batch reachable(Batch batch) {
        if (methodName == null) {
            return batch;
        }
        List<Method> kept = new ArrayList<>();
        for (Method m : batch.methods()) {
            if (m.name().equals(methodName)) {
                kept.add(m);
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            String text = FuzzRenderer.source(new Batch(batch.seed(), batch.prefix(), kept, batch.javacOptions()), Variant.REF).text();
            for (Method m : batch.methods()) {
                if (!kept.contains(m) && Pattern.compile("\\b" + m.name() + "\\b").matcher(text).find()) {
                    kept.add(m);
                    grew = true;
                }
            }
        }
        return new Batch(batch.seed(), batch.prefix(), kept, batch.javacOptions());
    }

    /** Mode 0 removes the k-th statement (pre-order); mode 1 replaces it by one of its blocks, when it is compound. */
    private static List<Stmt> edit(List<Stmt> body, int k, int mode) {
        int[] counter = {k};
        List<Stmt> result = edit(body, counter, mode);
        return counter[0] == -1 ? result : null;
    }

    private static List<Stmt> edit(List<Stmt> stmts, int[] counter, int mode) {
        List<Stmt> out = new ArrayList<>();
        for (Stmt s : stmts) {
            if (counter[0] < 0) {
                out.add(s);
                continue;
            }
            if (counter[0]-- == 0) {
                counter[0] = -1;
                if (mode == 0) {
                    continue;
                }
                if (s instanceof Compound c) {
                    // the largest block, which most likely still holds what fails
                    Part largest = c.parts().get(0);
                    for (Part p : c.parts()) {
                        if (FuzzModel.size(p.body()) > FuzzModel.size(largest.body())) {
                            largest = p;
                        }
                    }
                    out.addAll(largest.body());
                    continue;
                }
                counter[0] = -2;
                out.add(s);
                continue;
            }
            out.add(editInner(s, counter, mode));
        }
        return out;
    }

    private static Stmt editInner(Stmt s, int[] counter, int mode) {
        if (s instanceof Compound c) {
            List<Part> parts = new ArrayList<>();
            for (Part p : c.parts()) {
                parts.add(new Part(p.header(), edit(p.body(), counter, mode)));
            }
            return new Compound(parts, c.footer());
        }
        if (s instanceof FuzzModel.Register r && r.action() instanceof FuzzModel.LambdaAction l) {
            return new FuzzModel.Register(r.api(), new FuzzModel.LambdaAction(edit(l.body(), counter, mode)));
        }
        if (s instanceof FuzzModel.LambdaScope l) {
            return new FuzzModel.LambdaScope(l.prefix(), edit(l.body(), counter, mode), l.suffix(), l.defaultReturn());
        }
        return s;
    }
}
