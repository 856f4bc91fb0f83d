package io.jdefer.reliability;

import io.jdefer.reliability.FuzzModel.Action;
import io.jdefer.reliability.FuzzModel.Batch;
import io.jdefer.reliability.FuzzModel.Compound;
import io.jdefer.reliability.FuzzModel.DeferLocal;
import io.jdefer.reliability.FuzzModel.ExprAction;
import io.jdefer.reliability.FuzzModel.Kind;
import io.jdefer.reliability.FuzzModel.LambdaAction;
import io.jdefer.reliability.FuzzModel.LambdaScope;
import io.jdefer.reliability.FuzzModel.Method;
import io.jdefer.reliability.FuzzModel.Part;
import io.jdefer.reliability.FuzzModel.Raw;
import io.jdefer.reliability.FuzzModel.Recover;
import io.jdefer.reliability.FuzzModel.Register;
import io.jdefer.reliability.FuzzModel.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates random programs that compile: every choice is made here, from one seed, and recorded
 * in a {@link FuzzModel}. The generator keeps javac's rules by construction: statements after a
 * jump are never emitted (it tracks whether each statement can complete normally, JLS 14.22),
 * lambdas capture only effectively final variables, conditions are never constant, loops are
 * bounded, and calls go only to methods of a later tier, so every program terminates.
 */
final class FuzzGenerator {
    private static final String[] RETURN_TYPES = {"void", "int", "long", "double", "float", "boolean", "char", "byte", "short",
        "String", "Object"};
    private static final String[] SNAPSHOT_TYPES = {"int", "long", "double", "float", "boolean", "char", "byte", "short", "String",
        "int[]", "Box"};

    private final Random rnd;
    private final boolean knownBugs;
    /** The batch is compiled without line numbers (-g:none, -g:source...). */
    private boolean noLines;
    private final List<MethodInfo> infos = new ArrayList<>();

    /** What other methods may know about a method before its body exists. */
    record MethodInfo(String name, Kind kind, String returnType, int tier) {}

    /**
     * {@code knownBugs}: also generate what open bugs break (listed in docs/testing.md); off by
     * default, so the fixed-seed batch passes and finds new bugs rather than the known ones.
     */
    FuzzGenerator(long seed, boolean knownBugs) {
        this.rnd = new Random(seed);
        this.knownBugs = knownBugs;
    }

    /** A batch of {@code count} methods named {@code m0...}; class names start with {@code prefix}. */
    Batch batch(long seed, String prefix, int count, List<String> javacOptions) {
        noLines = javacOptions.stream().anyMatch(o -> o.startsWith("-g:") && !o.contains("lines"));
        for (int i = 0; i < count; i++) {
            int tier = 3 * i / count;
            Kind kind = tier == 2 && rnd.nextInt(4) == 0 ? Kind.ACTION_TARGET : rnd.nextInt(8) == 0 ? Kind.CONSTRUCTOR : Kind.STATIC;
            String type = kind == Kind.STATIC ? pick(RETURN_TYPES) : "void";
            infos.add(new MethodInfo((kind == Kind.ACTION_TARGET ? "p" : "m") + i, kind, type, tier));
        }
        List<Method> methods = new ArrayList<>();
        for (MethodInfo info : infos) {
            methods.add(method(info));
        }
        return new Batch(seed, prefix, methods, javacOptions);
    }

    // ---------------------------------------------------------------- methods and context

    /** Per-method counters and flags. */
    private static final class MethodGen {
        final MethodInfo info;
        int names;
        boolean mayBeDynamic;

        MethodGen(MethodInfo info) {
            this.info = info;
        }

        String name(String prefix) {
            return prefix + names++;
        }

        String tag() {
            return info.name + ":" + names++;
        }
    }

    /** A jump target: a loop, a switch or a labeled block; {@code broken} once a break leaves it. */
    private static final class Target {
        final String label;
        final boolean loop;
        boolean broken;
        /** A pattern switch: written as an if-chain on JDK 17, so an unlabeled break must not target it. */
        boolean noBreak;

        Target(String label, boolean loop) {
            this.label = label;
            this.loop = loop;
        }
    }

    record Var(String name, String type) {}

    /** Where a statement is generated; copied for each nested block. */
    private static final class Ctx {
        MethodGen m;
        String acc;
        List<Var> vars = new ArrayList<>();
        List<String> ints = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        /** What {@code return} returns here: a type, {@code "void"}, or {@code null} where return is not allowed. */
        String returnType;
        boolean action;
        int loopDepth;
        int depth;
        int lambdaDepth;
        boolean inSwitchExpression;
        /** In a finally block, which javac copies onto each exit path. */
        boolean inFinally;
        /** In a constructor of a class with field {@code f} and method {@code bump()}: lambdas capture {@code this}. */
        boolean instance;

        Ctx copy() {
            Ctx c = new Ctx();
            c.m = m;
            c.acc = acc;
            c.vars = new ArrayList<>(vars);
            c.ints = new ArrayList<>(ints);
            c.targets = new ArrayList<>(targets);
            c.returnType = returnType;
            c.action = action;
            c.loopDepth = loopDepth;
            c.depth = depth + 1;
            c.lambdaDepth = lambdaDepth;
            c.inSwitchExpression = inSwitchExpression;
            c.inFinally = inFinally;
            c.instance = instance;
            return c;
        }

        /** A lambda body: only effectively final variables come in; it is a scope of its own. */
        Ctx lambda(String ownAcc, String ret, boolean isAction) {
            Ctx c = copy();
            c.acc = ownAcc;
            c.ints = new ArrayList<>();
            c.targets = new ArrayList<>();
            c.returnType = ret;
            c.action = isAction;
            c.loopDepth = 0;
            c.lambdaDepth = lambdaDepth + 1;
            c.inSwitchExpression = false;
            c.inFinally = false;
            return c;
        }
    }

    /** A generated statement and whether it can complete normally. */
    private record Gen(Stmt stmt, boolean completes) {}

    private Method method(MethodInfo info) {
        MethodGen m = new MethodGen(info);
        Ctx ctx = new Ctx();
        ctx.m = m;
        ctx.acc = "acc";
        ctx.returnType = info.kind == Kind.STATIC ? info.returnType : "void";
        ctx.instance = info.kind == Kind.CONSTRUCTOR;
        List<Stmt> body = new ArrayList<>();
        if (info.kind == Kind.CONSTRUCTOR && rnd.nextInt(3) == 0) {
            body.add(new Raw(rnd.nextBoolean() ? "super();" : "this(a, b, 0);"));
        }
        if (info.kind == Kind.ACTION_TARGET) {
            // Constant variables half the time: javac then folds conditions and drops dead code
            // (known bug: a @Defer local in dead code is reported as not found).
            boolean constant = rnd.nextBoolean() && knownBugs;
            body.add(new Raw("final int a = " + (constant ? rnd.nextInt(16) : "h(" + rnd.nextInt(16) + ")") + ", b = "
                    + (constant ? rnd.nextInt(16) : "h(" + rnd.nextInt(16) + ")") + ";"));
        }
        body.add(new Raw("int acc = a * 31 + b;"));
        body.add(new Raw("final Boom shared = new Boom(\"" + info.name + ":shared\");"));
        ctx.vars.add(new Var("a", "int"));
        ctx.vars.add(new Var("b", "int"));
        ctx.vars.add(new Var("shared", "Boom"));
        List<Stmt> rest = new ArrayList<>();
        boolean completes = block(ctx, rest, 2, 6, true);
        if (info.kind == Kind.ACTION_TARGET && rnd.nextBoolean()) {
            // S5: the target of a method-reference action recovers in its own body, before or after
            // registering its own actions.
            List<Stmt> recovery = recovery(ctx);
            if (rnd.nextBoolean() || !completes) {
                rest.addAll(0, recovery);
            } else {
                rest.addAll(recovery);
            }
        }
        body.addAll(rest);
        if (completes && !ctx.returnType.equals("void")) {
            body.add(new Raw("return " + returnValue(ctx.returnType, "acc") + ";"));
        }
        return new Method(info.name, info.kind, info.returnType, defaultValue(info.returnType), body, m.mayBeDynamic,
                info.kind != Kind.CONSTRUCTOR && rnd.nextInt(8) == 0);
    }

    /** Fills {@code out}; returns whether the block can complete normally. */
    private boolean block(Ctx ctx, List<Stmt> out, int min, int max, boolean allowTerminal) {
        int n = min + rnd.nextInt(max - min + 1);
        if (ctx.depth > 2) {
            n = Math.min(n, 2);
        }
        for (int i = 0; i < n; i++) {
            Gen g = statement(ctx);
            if (!g.completes) {
                if (allowTerminal) {
                    out.add(g.stmt);
                    return false;
                }
                out.add(ifBlock(ctx, List.of(g.stmt)));
                continue;
            }
            out.add(g.stmt);
            if (g.stmt instanceof DeferLocal local && noLines && !knownBugs) {
                // Known bug: without line numbers, a @Defer local last in a nested block is not found.
                out.add(new Raw("log(\"use \" + (" + local.name() + " != null));"));
            }
        }
        if (allowTerminal && rnd.nextInt(100) < (ctx.depth == 0 ? 15 : 30)) {
            out.add(terminal(ctx));
            return false;
        }
        return true;
    }

    private Stmt ifBlock(Ctx ctx, List<Stmt> body) {
        return new Compound(List.of(new Part("if (" + cond(ctx) + ") {", body)), "}");
    }

    // ---------------------------------------------------------------- statements

    private Gen statement(Ctx ctx) {
        boolean deep = ctx.depth >= 3;
        int r = rnd.nextInt(deep ? 40 : 100);
        if (r < 8) {
            return new Gen(log(ctx), true);
        }
        if (r < 14) {
            return new Gen(mutate(ctx), true);
        }
        if (r < 22) {
            return new Gen(snapshot(ctx), true);
        }
        if (r < 38) {
            return new Gen(register(ctx), true);
        }
        if (r < 40) {
            // Known bug: a @Defer local in a finally block registers on one of javac's copies only.
            // Known bug: without line numbers, a @Defer local in a lambda body is not found.
            boolean avoid = !knownBugs && (ctx.inFinally || noLines && ctx.lambdaDepth > 0);
            return new Gen(avoid ? register(ctx) : deferLocal(ctx), true);
        }
        if (r < 50) {
            return ifElse(ctx);
        }
        if (r < 60) {
            return loop(ctx);
        }
        if (r < 64) {
            return switchStatement(ctx);
        }
        if (r < 66) {
            return patternSwitch(ctx);
        }
        // Known bug: javac copies a finally block onto each exit path, so a try or a switch
        // expression nested in one multiplies the sites past what open-coding can compute frames for.
        boolean multiplies = ctx.inFinally && !knownBugs;
        if (r < 69) {
            return new Gen(multiplies ? log(ctx) : switchExpression(ctx), true);
        }
        if (r < 77) {
            return multiplies ? new Gen(log(ctx), true) : tryStatement(ctx);
        }
        if (r < 79 && !ctx.inSwitchExpression) {
            // Not in a switch expression: javac 17 writes an unverifiable monitor handler there when the
            // operand stack is not empty (fixed in JDK 25's javac); that is javac's bug, not jdefer's.
            Ctx inner = ctx.copy();
            List<Stmt> body = new ArrayList<>();
            boolean completes = block(inner, body, 1, 3, true);
            return new Gen(new Compound(List.of(new Part("synchronized (@@.class) {", body)), "}"), completes);
        }
        if (r < 82) {
            return labeledBlock(ctx);
        }
        if (r < 87) {
            return new Gen(call(ctx), true);
        }
        if (r < 89 && ctx.lambdaDepth == 0) {
            return new Gen(lambdaScope(ctx), true);
        }
        if (r < 90 && ctx.lambdaDepth == 0) {
            return new Gen(anonymousScope(ctx), true);
        }
        if (r < 91 && ctx.depth == 0 && ctx.lambdaDepth == 0) {
            return new Gen(burst(ctx), true);
        }
        if (r < 92) {
            return new Gen(new Raw(ctx.acc + " += " + (rnd.nextBoolean()
                    ? "100 / ((" + intSource(ctx) + " >> " + rnd.nextInt(3) + ") & 1);"
                    : "new int[] {1, 2}[(" + intSource(ctx) + " >> " + rnd.nextInt(3) + ") & 3];")), true);
        }
        if (r < 96) {
            return new Gen(ifBlock(ctx, List.of(log(ctx), terminal(ctx))), true);
        }
        return new Gen(log(ctx), true);
    }

    private Stmt log(Ctx ctx) {
        StringBuilder text = new StringBuilder("log(\"" + ctx.m.tag() + " \" + " + ctx.acc);
        for (int i = rnd.nextInt(3); i > 0; i--) {
            text.append(" + \" \" + ").append(readable(ctx));
        }
        return new Raw(text + ");");
    }

    private Stmt mutate(Ctx ctx) {
        switch (rnd.nextInt(4)) {
            case 0:
                return new Raw(ctx.acc + " = " + ctx.acc + " * 3 + " + rnd.nextInt(10) + ";");
            case 1:
                return new Raw(ctx.acc + " += " + intSource(ctx) + " ^ " + rnd.nextInt(10) + ";");
            case 2: {
                Var box = var(ctx, "Box");
                if (box != null) {
                    return new Raw(box.name + ".v += " + (1 + rnd.nextInt(9)) + ";");
                }
                Var array = var(ctx, "int[]");
                if (array != null) {
                    return new Raw(array.name + "[0] = " + ctx.acc + " + " + rnd.nextInt(9) + ";");
                }
                return new Raw(ctx.acc + "--;");
            }
            default:
                return new Raw((ctx.instance && rnd.nextBoolean() ? "f" : ctx.acc) + " -= " + intSource(ctx) + ";");
        }
    }

    /** A final copy of the current state, to be captured: every primitive type, strings, arrays, boxes. */
    private Stmt snapshot(Ctx ctx) {
        String type = pick(SNAPSHOT_TYPES);
        String name = ctx.m.name("v");
        String acc = ctx.acc;
        String init;
        switch (type) {
            case "long": init = acc + " * 3000000019L"; break;
            case "double": init = acc + " / 3.0"; break;
            case "float": init = acc + " * 0.25f"; break;
            case "boolean": init = "(" + acc + " & 1) == 0"; break;
            case "char": init = "(char) ('a' + (" + acc + " & 15))"; break;
            case "byte": init = "(byte) (" + acc + " * 5)"; break;
            case "short": init = "(short) (" + acc + " * 7)"; break;
            case "String": init = "\"s\" + " + acc; break;
            case "int[]": init = "{" + acc + ", " + intSource(ctx) + "}"; break;
            case "Box": init = "new Box(" + acc + ")"; break;
            default: init = acc + " + " + intSource(ctx);
        }
        ctx.vars.add(new Var(name, type));
        return new Raw("final " + type + " " + name + " = " + init + ";");
    }

    private Stmt register(Ctx ctx) {
        if (ctx.loopDepth > 0) {
            ctx.m.mayBeDynamic = true;
        }
        int k = rnd.nextInt(10);
        String api = k < 6 ? "defer" : k < 8 ? "deferOnError" : "deferOnSuccess";
        Register register = new Register(api, action(ctx, !api.equals("deferOnSuccess")));
        if (pendingDeclarations.isEmpty()) {
            return register;
        }
        List<Stmt> body = new ArrayList<>(pendingDeclarations);
        pendingDeclarations.clear();
        body.add(register);
        return new Compound(List.of(new Part("{", body)), "}");
    }

    /** {@code recovers}: the action may call recover() (not in a deferOnSuccess action: nothing is ever pending there). */
    private Action action(Ctx ctx, boolean recovers) {
        int r = rnd.nextInt(100);
        if (r < 55 && ctx.lambdaDepth < 2) {
            return lambdaAction(ctx, recovers);
        }
        String tag = ctx.m.tag();
        if (r < 62) {
            Var res = var(ctx, "Res");
            return res != null ? same(res.name + (rnd.nextBoolean() ? "::close" : "::end"))
                    : same("open(\"" + tag + "\", " + cond(ctx) + ")::close");
        }
        if (r < 67) {
            return same("openOrNull(\"" + tag + "\", " + cond(ctx) + ")::end");
        }
        if (r < 71) {
            return same("lock(\"" + tag + "\")::unlock");
        }
        if (r < 74) {
            return same(ctx.instance && rnd.nextBoolean() ? "this::bump" : "io.jdefer.reliability.FuzzSupport::tick");
        }
        if (r < 77) {
            return same("Made::new");
        }
        if (r < 84) {
            MethodInfo target = callee(ctx, Kind.ACTION_TARGET);
            if (target != null) {
                return new ExprAction("@@::" + target.name, "RefScope.target(\"" + target.name + "\", @@::" + target.name + ")");
            }
        }
        // An existing Action object, possibly null (S1: rejected at the registration).
        String name = ctx.m.name("act");
        String init = rnd.nextInt(4) == 0
                ? cond(ctx) + " ? null : (io.jdefer.Action<RuntimeException>) () -> log(\"" + tag + "\")"
                : "() -> log(\"" + tag + " \" + " + captured(ctx) + ")";
        pendingDeclarations.add(new Raw("final io.jdefer.Action<RuntimeException> " + name + " = " + init + ";"));
        return new ExprAction(name, name + "::run");
    }

    /** Declarations an action needs before its registration; {@link #register} puts them in a block with it. */
    private final List<Stmt> pendingDeclarations = new ArrayList<>();

    private static ExprAction same(String text) {
        return new ExprAction(text, text);
    }

    private LambdaAction lambdaAction(Ctx ctx, boolean recovers) {
        Ctx inner = ctx.lambda(ctx.m.name("acc"), "void", true);
        List<Stmt> body = new ArrayList<>();
        body.add(new Raw("int " + inner.acc + " = " + rnd.nextInt(50) + ";"));
        StringBuilder log = new StringBuilder("log(\"" + ctx.m.tag() + "\"");
        for (int i = rnd.nextInt(4); i > 0; i--) {
            log.append(" + \" \" + ").append(readable(inner));
        }
        body.add(new Raw(log + ");"));
        int r = rnd.nextInt(100);
        if (r < 30 && recovers) {
            body.addAll(recovery(inner));
        }
        if (rnd.nextInt(3) == 0) {
            body.add(ifBlock(inner, List.of(throwStatement(inner))));
        }
        if (rnd.nextInt(3) == 0 && inner.depth < 5) {
            block(inner, body, 0, 2, rnd.nextInt(4) == 0);
        }
        return new LambdaAction(body);
    }

    /** {@code Throwable r = recover();}, logged, maybe a second time, maybe thrown again or wrapped. */
    private List<Stmt> recovery(Ctx ctx) {
        List<Stmt> body = new ArrayList<>();
        String name = ctx.m.name("rec");
        body.add(new Recover(name));
        body.add(new Raw("log(\"" + ctx.m.tag() + " \" + describe(" + name + "));"));
        if (rnd.nextInt(3) == 0) {
            String second = ctx.m.name("rec");
            body.add(new Recover(second));
            body.add(new Raw("log(\"" + ctx.m.tag() + " again \" + describe(" + second + "));"));
        }
        if (rnd.nextInt(3) == 0) {
            body.add(new Compound(List.of(new Part("if (" + name + " != null && " + cond(ctx) + ") {",
                    List.of(new Raw(rnd.nextBoolean() ? "throw " + name + ";"
                            : "throw new Boom(\"" + ctx.m.tag() + "\", " + name + ");")))), "}"));
        }
        return body;
    }

    private Stmt deferLocal(Ctx ctx) {
        if (ctx.loopDepth > 0) {
            ctx.m.mayBeDynamic = true;
        }
        String tag = ctx.m.tag();
        String name = ctx.m.name("r");
        switch (rnd.nextInt(5)) {
            case 0:
                ctx.vars.add(new Var(name, "Lock"));
                return new DeferLocal("Lock", name, "unlock", "lock(\"" + tag + "\")");
            case 1:
                return new DeferLocal("AutoCloseable", name, "close", "open(\"" + tag + "\", " + cond(ctx) + ")");
            case 2:
                ctx.vars.add(new Var(name, "Res"));
                return new DeferLocal("Res", name, "close", "openOrNull(\"" + tag + "\", " + cond(ctx) + ")");
            case 3:
                ctx.vars.add(new Var(name, "Res"));
                return new DeferLocal("Res", name, "end", "open(\"" + tag + "\", false)");
            default:
                ctx.vars.add(new Var(name, "Res"));
                return new DeferLocal("Res", name, "close", "open(\"" + tag + "\", " + cond(ctx) + ")");
        }
    }

    private Gen ifElse(Ctx ctx) {
        List<Stmt> then = new ArrayList<>();
        boolean thenCompletes = block(ctx.copy(), then, 1, 3, true);
        if (rnd.nextBoolean()) {
            return new Gen(new Compound(List.of(new Part("if (" + cond(ctx) + ") {", then)), "}"), true);
        }
        List<Stmt> otherwise = new ArrayList<>();
        boolean elseCompletes = block(ctx.copy(), otherwise, 1, 3, true);
        return new Gen(new Compound(List.of(new Part("if (" + cond(ctx) + ") {", then), new Part("} else {", otherwise)), "}"),
                thenCompletes || elseCompletes);
    }

    private Gen loop(Ctx ctx) {
        Ctx inner = ctx.copy();
        inner.loopDepth++;
        String label = rnd.nextInt(3) == 0 ? ctx.m.name("L") : null;
        Target target = new Target(label, true);
        inner.targets.add(target);
        String prefix = label == null ? "" : label + ": ";
        String bound = bound(ctx);
        List<Stmt> body = new ArrayList<>();
        List<Stmt> around = new ArrayList<>();
        String header;
        String footer = "}";
        switch (rnd.nextInt(4)) {
            case 0: {
                String i = ctx.m.name("i");
                inner.ints.add(i);
                header = prefix + "for (int " + i + " = 0; " + i + " < " + bound + "; " + i + "++) {";
                block(inner, body, 1, 3, true);
                break;
            }
            case 1: {
                String e = ctx.m.name("e");
                inner.vars.add(new Var(e, "int"));
                header = prefix + "for (int " + e + " : new int[] {" + rnd.nextInt(9) + ", " + intSource(ctx) + "}) {";
                block(inner, body, 1, 3, true);
                break;
            }
            case 2: {
                String w = ctx.m.name("w");
                around.add(new Raw("int " + w + " = 0;"));
                inner.ints.add(w);
                header = prefix + "while (" + w + " < " + bound + ") {";
                body.add(new Raw(w + "++;"));
                block(inner, body, 1, 3, true);
                break;
            }
            default: {
                String w = ctx.m.name("w");
                around.add(new Raw("int " + w + " = 0;"));
                inner.ints.add(w);
                header = prefix + "do {";
                body.add(new Raw(w + "++;"));
                block(inner, body, 1, 3, false);
                footer = "} while (" + w + " < " + bound + ");";
            }
        }
        Compound loop = new Compound(List.of(new Part(header, body)), footer);
        if (around.isEmpty()) {
            return new Gen(loop, true);
        }
        // The counter and its loop go in a block of their own, so the counter's name stays local.
        around.add(loop);
        return new Gen(new Compound(List.of(new Part("{", around)), "}"), true);
    }

    private Gen switchStatement(Ctx ctx) {
        Target target = new Target(null, false);
        boolean arrow = rnd.nextBoolean();
        boolean strings = rnd.nextInt(4) == 0;
        String selector = strings ? "\"k\" + ((" + intSource(ctx) + " >> 1) & 3)" : "(" + intSource(ctx) + " + " + rnd.nextInt(4) + ") & 3";
        int cases = 1 + rnd.nextInt(3);
        List<Part> parts = new ArrayList<>();
        boolean lastCompletes = true;
        for (int c = 0; c <= cases; c++) {
            boolean dflt = c == cases;
            String label = dflt ? "default" : "case " + (strings ? "\"k" + c + "\"" : String.valueOf(c));
            Ctx inner = ctx.copy();
            inner.targets.add(target);
            List<Stmt> body = new ArrayList<>();
            lastCompletes = block(inner, body, 1, 3, true);
            if (!arrow && lastCompletes && !dflt && rnd.nextInt(4) != 0) {
                body.add(new Raw("break;"));
                target.broken = true;
                lastCompletes = false;
            }
            String open = (c == 0 ? "switch (" + selector + ") {\n" : "}\n") + label + (arrow ? " -> {" : ": {");
            parts.add(new Part(open, body));
            if (arrow && lastCompletes) {
                target.broken = true;
            }
        }
        return new Gen(new Compound(parts, "}\n}"), lastCompletes || target.broken);
    }

    /**
     * {@code switch (pick(x)) { case Integer i when i > k -> ...; case Integer i -> ...; case String s
     * -> ...; default -> ... }}: javac (21+) compiles the guard into a restart loop, a backward jump
     * that is no loop of the source. Before JDK 21 the same choices give the equivalent
     * {@code instanceof} chain, so a seed means the same program on every JDK.
     */
    private Gen patternSwitch(Ctx ctx) {
        boolean switchSyntax = Runtime.version().feature() >= 21;
        String selector = "pick(" + intSource(ctx) + ")";
        String object = ctx.m.name("o");
        String guarded = ctx.m.name("g");
        String integer = ctx.m.name("n");
        String string = ctx.m.name("s");
        int bound = rnd.nextInt(30);
        Target target = new Target(null, false);
        target.noBreak = true;
        String[][] arms = {
            {"case Integer " + guarded + " when " + guarded + " > " + bound + " -> {",
                "if (" + object + " instanceof Integer " + guarded + " && " + guarded + " > " + bound + ") {", guarded, "int"},
            {"case Integer " + integer + " -> {", "} else if (" + object + " instanceof Integer " + integer + ") {", integer, "int"},
            {"case String " + string + " -> {", "} else if (" + object + " instanceof String " + string + ") {", string, "String"},
            {"default -> {", "} else {", null, null}};
        List<Part> parts = new ArrayList<>();
        boolean completes = false;
        for (int i = 0; i < arms.length; i++) {
            Ctx inner = ctx.copy();
            inner.targets.add(target);
            if (arms[i][2] != null) {
                inner.vars.add(new Var(arms[i][2], arms[i][3]));
            }
            List<Stmt> body = new ArrayList<>();
            completes |= block(inner, body, 1, 3, true);
            String header = switchSyntax ? (i == 0 ? "switch (" + selector + ") {\n" : "}\n") + arms[i][0] : arms[i][1];
            parts.add(new Part(header, body));
        }
        Compound statement = new Compound(parts, switchSyntax ? "}\n}" : "}");
        if (switchSyntax) {
            return new Gen(statement, completes);
        }
        Raw declaration = new Raw("Object " + object + " = " + selector + ";");
        return new Gen(new Compound(List.of(new Part("{", List.of(declaration, statement))), "}"), completes);
    }

    /** A switch expression whose arms register actions, evaluated with values already on the operand stack. */
    private Stmt switchExpression(Ctx ctx) {
        String selector = "(" + intSource(ctx) + " + " + rnd.nextInt(4) + ") & 3";
        String[] forms = {ctx.acc + " = " + ctx.acc + " * 7 + switch (" + selector + ") {",
            "log(\"" + ctx.m.tag() + " \" + " + ctx.acc + " + \" \" + switch (" + selector + ") {",
            ctx.acc + " += switch (" + selector + ") {"};
        int form = rnd.nextInt(forms.length);
        List<Part> parts = new ArrayList<>();
        int arms = 1 + rnd.nextInt(3);
        for (int c = 0; c <= arms; c++) {
            boolean dflt = c == arms;
            Ctx inner = ctx.copy();
            inner.targets = new ArrayList<>();
            inner.returnType = null;
            inner.inSwitchExpression = true;
            List<Stmt> body = new ArrayList<>();
            boolean completes = block(inner, body, 1, 3, c != 0);
            if (completes) {
                body.add(new Raw("yield " + (rnd.nextInt(9) + c) + ";"));
            }
            String open = (c == 0 ? forms[form] + "\n" : "}\n") + (dflt ? "default" : "case " + c) + " -> {";
            parts.add(new Part(open, body));
        }
        return new Compound(parts, form == 1 ? "}\n});" : "}\n};");
    }

    private Gen tryStatement(Ctx ctx) {
        List<Part> parts = new ArrayList<>();
        Ctx inner = ctx.copy();
        String header = "try {";
        if (rnd.nextInt(3) == 0) {
            String r1 = ctx.m.name("t");
            header = "try (Res " + r1 + " = open(\"" + ctx.m.tag() + "\", " + cond(ctx) + ")";
            inner.vars.add(new Var(r1, "Res"));
            if (rnd.nextBoolean()) {
                String r2 = ctx.m.name("t");
                header += "; Res " + r2 + " = open(\"" + ctx.m.tag() + "\", " + cond(ctx) + ")";
                inner.vars.add(new Var(r2, "Res"));
            }
            header += ") {";
        }
        List<Stmt> body = new ArrayList<>();
        boolean completes = block(inner, body, 1, 3, true);
        parts.add(new Part(header, body));
        String[][] catchSets = {{}, {"Boom"}, {"RuntimeException"}, {"Exception"}, {"Throwable"}, {"Boom | Oops"},
            {"Boom", "Exception"}, {"Oops", "Throwable"}, {"Boom", "Oops", "Exception"}};
        String[] catches = catchSets[rnd.nextInt(catchSets.length)];
        boolean needsFinally = catches.length == 0 && header.equals("try {");
        for (String type : catches) {
            String e = ctx.m.name("x");
            Ctx handler = ctx.copy();
            handler.vars.add(new Var(e, "Throwable"));
            List<Stmt> handlerBody = new ArrayList<>();
            handlerBody.add(new Raw("log(\"" + ctx.m.tag() + " caught \" + describe(" + e + "));"));
            int r = rnd.nextInt(5);
            boolean handlerCompletes;
            if (r == 0) {
                handlerBody.add(new Raw("throw " + e + ";"));
                handlerCompletes = false;
            } else if (r == 1) {
                handlerBody.add(new Raw("throw new Boom(\"" + ctx.m.tag() + "\", " + e + ");"));
                handlerCompletes = false;
            } else {
                handlerCompletes = block(handler, handlerBody, 0, 3, true);
            }
            completes |= handlerCompletes;
            parts.add(new Part("} catch (" + type + " " + e + ") {", handlerBody));
        }
        if (needsFinally || rnd.nextInt(3) == 0) {
            List<Stmt> fin = new ArrayList<>();
            Ctx f = ctx.copy();
            f.inFinally = true;
            boolean finCompletes = block(f, fin, 1, 3, rnd.nextInt(6) == 0);
            parts.add(new Part("} finally {", fin));
            completes &= finCompletes;
        }
        return new Gen(new Compound(parts, "}"), completes);
    }

    private Gen labeledBlock(Ctx ctx) {
        String label = ctx.m.name("B");
        Target target = new Target(label, false);
        Ctx inner = ctx.copy();
        inner.targets.add(target);
        List<Stmt> body = new ArrayList<>();
        boolean completes = block(inner, body, 1, 3, true);
        body.add(0, ifBlock(ctx, List.of(new Raw("break " + label + ";"))));
        target.broken = true;
        return new Gen(new Compound(List.of(new Part(label + ": {", body)), "}"), completes || target.broken);
    }

    private Stmt call(Ctx ctx) {
        MethodInfo target = callee(ctx, null);
        if (target == null) {
            return log(ctx);
        }
        if (target.kind == Kind.ACTION_TARGET) {
            return new Raw(target.name + "();");
        }
        String args = intSource(ctx) + " + " + rnd.nextInt(5) + ", " + ctx.acc;
        if (target.returnType.equals("void")) {
            return new Raw(target.name + "(" + args + ");");
        }
        return new Raw(ctx.acc + " += h(" + target.name + "(" + args + "));");
    }

    /** A method of the next tier, of {@code kind} when given. */
    private MethodInfo callee(Ctx ctx, Kind kind) {
        List<MethodInfo> candidates = new ArrayList<>();
        for (MethodInfo info : infos) {
            if (info.tier == ctx.m.info.tier + 1 && (kind == null || info.kind == kind)) {
                candidates.add(info);
            }
        }
        return candidates.isEmpty() ? null : candidates.get(rnd.nextInt(candidates.size()));
    }

    /** An anonymous class's method: a class file and an invocation scope of its own (S8). */
    private Stmt anonymousScope(Ctx ctx) {
        Ctx inner = ctx.lambda(ctx.m.name("acc"), "int", false);
        inner.instance = false;
        List<Stmt> body = new ArrayList<>();
        body.add(new Raw("int " + inner.acc + " = " + var(inner, "int").name + " + " + rnd.nextInt(9) + ";"));
        boolean completes = block(inner, body, 1, 4, true);
        if (completes) {
            body.add(new Raw("return " + inner.acc + ";"));
        }
        return new LambdaScope(ctx.acc + " += new IntBody() {\n    public int run() throws Throwable {", body, "    }\n}.run();", "0");
    }

    /** More registrations than one mask holds (C3: 32 bits a mask), each behind its own condition. */
    private Stmt burst(Ctx ctx) {
        if (ctx.loopDepth > 0) {
            ctx.m.mayBeDynamic = true;
        }
        List<Stmt> body = new ArrayList<>();
        for (int i = 33 + rnd.nextInt(8); i > 0; i--) {
            String action = "() -> log(\"" + ctx.m.tag() + "\")";
            Register register = new Register(rnd.nextInt(4) == 0 ? "deferOnError" : "defer", new ExprAction(action, action));
            body.add(rnd.nextBoolean() ? register : ifBlock(ctx, List.of(register)));
        }
        return new Compound(List.of(new Part("{", body)), "}");
    }

    private Stmt lambdaScope(Ctx ctx) {
        Ctx inner = ctx.lambda(ctx.m.name("acc"), "int", false);
        List<Stmt> body = new ArrayList<>();
        body.add(new Raw("int " + inner.acc + " = " + var(inner, "int").name + " + " + rnd.nextInt(9) + ";"));
        boolean completes = block(inner, body, 1, 3, true);
        if (completes) {
            body.add(new Raw("return " + inner.acc + ";"));
        }
        return new LambdaScope(ctx.acc + " += callInt(() -> {", body, "});", "0");
    }

    // ---------------------------------------------------------------- jumps

    /** A statement that cannot complete normally: return, throw, break or continue. */
    private Stmt terminal(Ctx ctx) {
        int r = rnd.nextInt(10);
        if (r < 4 && ctx.returnType != null) {
            return new Raw(ctx.returnType.equals("void") ? "return;" : "return " + returnValue(ctx.returnType, ctx.acc) + ";");
        }
        if (r < 7 && !ctx.targets.isEmpty()) {
            Target t = ctx.targets.get(rnd.nextInt(ctx.targets.size()));
            Target innermost = ctx.targets.get(ctx.targets.size() - 1);
            if (t.loop && rnd.nextBoolean()) {
                if (t.label != null) {
                    return new Raw("continue " + t.label + ";");
                }
                Target innermostLoop = null;
                for (Target candidate : ctx.targets) {
                    if (candidate.loop) {
                        innermostLoop = candidate;
                    }
                }
                if (innermostLoop == t) {
                    return new Raw("continue;");
                }
            }
            if (t.label != null) {
                t.broken = true;
                return new Raw("break " + t.label + ";");
            }
            if (t == innermost && !t.noBreak) {
                t.broken = true;
                return new Raw("break;");
            }
        }
        return throwStatement(ctx);
    }

    private Stmt throwStatement(Ctx ctx) {
        String tag = ctx.m.tag();
        switch (rnd.nextInt(5)) {
            case 0:
                return new Raw("throw new Checked(\"" + tag + "\");");
            case 1:
                return new Raw("throw new Oops(\"" + tag + "\");");
            case 2:
                return new Raw("throw shared;");
            default:
                return new Raw("throw new Boom(\"" + tag + " \" + " + ctx.acc + ");");
        }
    }

    // ---------------------------------------------------------------- expressions

    private String cond(Ctx ctx) {
        String x = intSource(ctx);
        switch (rnd.nextInt(4)) {
            case 0:
                return "((" + x + " >> " + rnd.nextInt(4) + ") & 1) == 0";
            case 1:
                return "((" + x + " >> " + rnd.nextInt(4) + ") & 1) != 0";
            case 2:
                return x + " % 3 == " + rnd.nextInt(3);
            default:
                return x + " > " + rnd.nextInt(30);
        }
    }

    private String bound(Ctx ctx) {
        return rnd.nextInt(3) == 0 ? "2" : "((" + intSource(ctx) + " + " + rnd.nextInt(3) + ") & 3)";
    }

    /** An int-valued expression readable here (never a constant: it involves a variable). */
    private String intSource(Ctx ctx) {
        List<String> sources = new ArrayList<>(ctx.ints);
        for (Var v : ctx.vars) {
            if (v.type.equals("int")) {
                sources.add(v.name);
            }
        }
        sources.add(ctx.acc);
        return sources.get(rnd.nextInt(sources.size()));
    }

    /** Something to log: a variable's value, as text that reads it. */
    private String readable(Ctx ctx) {
        List<String> texts = new ArrayList<>(ctx.ints);
        for (Var v : ctx.vars) {
            switch (v.type) {
                case "int[]": texts.add(v.name + "[0]"); break;
                case "Box": texts.add(v.name + ".v"); break;
                case "Res": case "Lock": break;
                case "Boom": case "Throwable": texts.add("describe(" + v.name + ")"); break;
                default: texts.add(v.name);
            }
        }
        texts.add(ctx.acc);
        if (ctx.instance) {
            texts.add("f");
        }
        return texts.get(rnd.nextInt(texts.size()));
    }

    /** Something to log that a lambda may capture: an effectively final variable. */
    private String captured(Ctx ctx) {
        Ctx lambda = ctx.lambda("a", "void", false);
        return readable(lambda);
    }

    private Var var(Ctx ctx, String type) {
        List<Var> candidates = new ArrayList<>();
        for (Var v : ctx.vars) {
            if (v.type.equals(type)) {
                candidates.add(v);
            }
        }
        return candidates.isEmpty() ? null : candidates.get(rnd.nextInt(candidates.size()));
    }

    static String returnValue(String type, String acc) {
        switch (type) {
            case "int": return acc;
            case "long": return acc + " * 1000003L";
            case "double": return acc + " / 4.0";
            case "float": return acc + " * 0.5f";
            case "boolean": return "(" + acc + " & 1) == 0";
            case "char": return "(char) ('a' + (" + acc + " & 15))";
            case "byte": return "(byte) " + acc;
            case "short": return "(short) (" + acc + " * 3)";
            case "String": return "\"r\" + " + acc;
            case "Object": return "(" + acc + " & 1) == 0 ? (Object) " + acc + " : \"o\" + " + acc;
            default: throw new IllegalArgumentException(type);
        }
    }

    static String defaultValue(String type) {
        switch (type) {
            case "void": return null;
            case "long": return "0L";
            case "double": return "0.0";
            case "float": return "0f";
            case "boolean": return "false";
            case "char": return "'\\0'";
            case "byte": return "(byte) 0";
            case "short": return "(short) 0";
            case "String": case "Object": return "null";
            default: return "0";
        }
    }

    private String pick(String[] options) {
        return options[rnd.nextInt(options.length)];
    }
}
