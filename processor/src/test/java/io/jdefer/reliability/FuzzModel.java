package io.jdefer.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A generated program, independent of how it is written out: {@link FuzzRenderer} writes the same
 * model as a jdefer program and as its plain-Java reference, so both come from the same random
 * choices. Most statements are text shared by both versions ({@link Raw}, {@link Compound}
 * headers); only scopes, registrations, {@code @Defer} locals and {@code recover()} differ.
 * In shared text {@code @@} stands for the class's own simple name.
 */
final class FuzzModel {
    private FuzzModel() {}

    sealed interface Stmt permits Raw, Compound, Register, DeferLocal, Recover, LambdaScope {}

    /** Text written the same way in both versions; one or more lines. */
    record Raw(String code) implements Stmt {}

    /**
     * A statement with nested blocks: {@code if}/{@code else}, loops, {@code switch}, {@code try},
     * {@code synchronized}, labeled blocks, switch expressions. Each part is a header line followed
     * by its block, indented; the footer closes the statement.
     */
    record Compound(List<Part> parts, String footer) implements Stmt {}

    record Part(String header, List<Stmt> body) {}

    /** {@code defer(action)}, {@code deferOnError(action)} or {@code deferOnSuccess(action)}. */
    record Register(String api, Action action) implements Stmt {}

    /** {@code @Defer("method") type name = init;} (SPEC S9). */
    record DeferLocal(String type, String name, String method, String init) implements Stmt {}

    /** {@code Throwable name = recover();}: only directly in the body of a lambda action (S5). */
    record Recover(String name) implements Stmt {}

    /**
     * A lambda whose body is an invocation scope of its own (SPEC S8), not an action:
     * {@code prefix() -> { body }suffix}; {@code defaultReturn} is the value after a recovery
     * ({@code null} for a void lambda).
     */
    record LambdaScope(String prefix, List<Stmt> body, String suffix, String defaultReturn) implements Stmt {}

    sealed interface Action permits LambdaAction, ExprAction {}

    /** {@code () -> { body }}: in the reference, the body is a scope of its own as well. */
    record LambdaAction(List<Stmt> body) implements Action {}

    /**
     * A method reference or an existing {@code Action} object; {@code reference} is what the
     * reference version registers ({@code act::run} for an object).
     */
    record ExprAction(String jdefer, String reference) implements Action {}

    /**
     * One generated method: {@code static returnType name(int a, int b) throws Throwable} (or a
     * parameterless {@code void} action target, or the constructor of a nested class called by a
     * static method of that name). {@code mayBeDynamic}: some registration is inside a loop of its
     * scope, so {@code @Deferred(INLINE)} is not asked for it. A constructor's class has an
     * {@code int f} field and a {@code bump()} method, for actions that capture {@code this}.
     */
    record Method(String name, Kind kind, String returnType, String defaultValue, List<Stmt> body, boolean mayBeDynamic,
            boolean synchronizedMethod) {
        Method withBody(List<Stmt> newBody) {
            return new Method(name, kind, returnType, defaultValue, newBody, mayBeDynamic, synchronizedMethod);
        }
    }

    enum Kind { STATIC, ACTION_TARGET, CONSTRUCTOR }

    /** A batch: methods compiled together, in classes named {@code prefix + "_" + variant}. */
    record Batch(long seed, String prefix, List<Method> methods, List<String> javacOptions) {
        Batch withMethod(int index, Method method) {
            List<Method> copy = new ArrayList<>(methods);
            copy.set(index, method);
            return new Batch(seed, prefix, copy, javacOptions);
        }
    }

    /** Applies {@code f} to every statement list of {@code stmts}, innermost first, then to {@code stmts} itself. */
    static List<Stmt> mapLists(List<Stmt> stmts, UnaryOperator<List<Stmt>> f) {
        List<Stmt> out = new ArrayList<>();
        for (Stmt s : stmts) {
            out.add(mapInner(s, f));
        }
        return f.apply(out);
    }

    private static Stmt mapInner(Stmt s, UnaryOperator<List<Stmt>> f) {
        if (s instanceof Compound c) {
            List<Part> parts = new ArrayList<>();
            for (Part p : c.parts()) {
                parts.add(new Part(p.header(), mapLists(p.body(), f)));
            }
            return new Compound(parts, c.footer());
        }
        if (s instanceof Register r && r.action() instanceof LambdaAction l) {
            return new Register(r.api(), new LambdaAction(mapLists(l.body(), f)));
        }
        if (s instanceof LambdaScope l) {
            return new LambdaScope(l.prefix(), mapLists(l.body(), f), l.suffix(), l.defaultReturn());
        }
        return s;
    }

    /** Number of statements, nested ones included: the size the shrinker reduces. */
    static int size(List<Stmt> stmts) {
        int n = 0;
        for (Stmt s : stmts) {
            n++;
            if (s instanceof Compound c) {
                for (Part p : c.parts()) {
                    n += size(p.body());
                }
            } else if (s instanceof Register r && r.action() instanceof LambdaAction l) {
                n += size(l.body());
            } else if (s instanceof LambdaScope l) {
                n += size(l.body());
            }
        }
        return n;
    }
}
