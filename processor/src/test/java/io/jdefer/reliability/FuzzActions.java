package io.jdefer.reliability;

import io.jdefer.reliability.FuzzContext.Ctx;
import io.jdefer.reliability.FuzzContext.MethodInfo;
import io.jdefer.reliability.FuzzContext.Var;
import io.jdefer.reliability.FuzzModel.Action;
import io.jdefer.reliability.FuzzModel.Compound;
import io.jdefer.reliability.FuzzModel.DeferLocal;
import io.jdefer.reliability.FuzzModel.ExprAction;
import io.jdefer.reliability.FuzzModel.Kind;
import io.jdefer.reliability.FuzzModel.LambdaAction;
import io.jdefer.reliability.FuzzModel.LambdaScope;
import io.jdefer.reliability.FuzzModel.Part;
import io.jdefer.reliability.FuzzModel.Raw;
import io.jdefer.reliability.FuzzModel.Recover;
import io.jdefer.reliability.FuzzModel.Register;
import io.jdefer.reliability.FuzzModel.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * The second layer of the generator: registrations and what they register (lambdas, method and
 * constructor references, {@code Action} objects, {@code @Defer} locals, targets that recover),
 * scopes of their own (lambdas, anonymous classes), and calls between generated methods.
 */
abstract class FuzzActions extends FuzzExpressions {
    final List<MethodInfo> infos = new ArrayList<>();

    FuzzActions(long seed, boolean knownBugs) {
        super(seed, knownBugs);
    }

    /** Fills {@code out}; returns whether the block can complete normally (the control-flow layer). */
    abstract boolean block(Ctx ctx, List<Stmt> out, int min, int max, boolean allowTerminal);

    Stmt register(Ctx ctx) {
        if (ctx.loopDepth > 0) {
            ctx.m.mayBeDynamic = true;
        }
        int k = rnd.nextInt(10);
        String api = k < 6 ? "defer" : k < 8 ? "deferOnError" : "deferOnSuccess";
        Register register = new Register(api, ctx.m.oneLayout ? intLambda(ctx) : action(ctx, !api.equals("deferOnSuccess")));
        if (pendingDeclarations.isEmpty()) {
            return register;
        }
        List<Stmt> body = new ArrayList<>(pendingDeclarations);
        pendingDeclarations.clear();
        body.add(register);
        return new Compound(List.of(new Part("{", body)), "}");
    }

    /** A lambda capturing one {@code int}, declared right before its registration: every site of a {@code oneLayout} method has it. */
    ExprAction intLambda(Ctx ctx) {
        String name = ctx.m.name("c");
        pendingDeclarations.add(new Raw("final int " + name + " = " + intSource(ctx) + ";"));
        String text = "() -> log(\"" + ctx.m.tag() + " \" + " + name + ")";
        return same(text);
    }

    /** {@code recovers}: the action may call recover() (not in a deferOnSuccess action: nothing is ever pending there). */
    Action action(Ctx ctx, boolean recovers) {
        int r = rnd.nextInt(100);
        if (r < 55 && ctx.lambdaDepth < 2) {
            return lambdaAction(ctx, recovers);
        }
        String tag = ctx.m.tag();
        if (r < 62 && rnd.nextInt(3) == 0) {
            // A final field's receiver, proved non-null by the call right before it, or not (D27, S1).
            if (rnd.nextBoolean()) {
                pendingDeclarations.add(new Raw("FIELD.end();"));
            }
            return same("FIELD::" + (rnd.nextBoolean() ? "close" : "end"));
        }
        if (r < 62) {
            Var res = var(ctx, "Res");
            return res != null ? same(res.name() + (rnd.nextBoolean() ? "::close" : "::end"))
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
                return new ExprAction("@@::" + target.name(), "RefScope.target(\"" + target.name() + "\", @@::" + target.name() + ")");
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
    final List<Stmt> pendingDeclarations = new ArrayList<>();

    static ExprAction same(String text) {
        return new ExprAction(text, text);
    }

    LambdaAction lambdaAction(Ctx ctx, boolean recovers) {
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
    List<Stmt> recovery(Ctx ctx) {
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

    Stmt deferLocal(Ctx ctx) {
        if (ctx.loopDepth > 0) {
            ctx.m.mayBeDynamic = true;
        }
        String tag = ctx.m.tag();
        String name = ctx.m.name("r");
        switch (rnd.nextInt(6)) {
            case 0:
                ctx.vars.add(new Var(name, "Lock"));
                return new DeferLocal("Lock", name, "unlock", "lock(\"" + tag + "\")");
            case 5:
                // a JDK type, declared and stored: not offered P (D3), so beside other sites it is its own capture and flag (D30)
                return new DeferLocal("ReentrantLock", name, "unlock", "jdkLock(\"" + tag + "\")");
            case 1:
                if (ctx.m.info.kind() == Kind.STATIC && rnd.nextBoolean() && ctx.lambdaDepth == 0) {
                    // T extends Number & AutoCloseable, a type variable of every static method (not in a
                    // lambda or anonymous class of it: DeferLocalTraceTest covers the lambda; an anonymous
                    // class's method is DEFER_LOCAL_NOT_LOCATED, D5)
                    return new DeferLocal("T", name, "close", "openBoth(\"" + tag + "\", " + cond(ctx) + ")");
                }
                return new DeferLocal("AutoCloseable", name, "close", "open(\"" + tag + "\", " + cond(ctx) + ")");
            case 2:
                ctx.vars.add(new Var(name, "Res"));
                return new DeferLocal("Res", name, "close", "openOrNull(\"" + tag + "\", " + cond(ctx) + ")");
            case 3:
                if (rnd.nextBoolean()) {
                    // close() throws IOException, declared by every generated scope (S7, S9)
                    return new DeferLocal("CheckedRes", name, "close", "openChecked(\"" + tag + "\", " + cond(ctx) + ")");
                }
                ctx.vars.add(new Var(name, "Res"));
                return new DeferLocal("Res", name, "end", "open(\"" + tag + "\", false)");
            default:
                ctx.vars.add(new Var(name, "Res"));
                return new DeferLocal("Res", name, "close", "open(\"" + tag + "\", " + cond(ctx) + ")");
        }
    }

    Stmt call(Ctx ctx) {
        MethodInfo target = callee(ctx, null);
        if (target == null) {
            return log(ctx);
        }
        if (target.kind() == Kind.ACTION_TARGET) {
            return new Raw(target.name() + "();");
        }
        String args = intSource(ctx) + " + " + rnd.nextInt(5) + ", " + ctx.acc;
        if (target.returnType().equals("void")) {
            return new Raw(target.name() + "(" + args + ");");
        }
        return new Raw(ctx.acc + " += h(" + target.name() + "(" + args + "));");
    }

    /** A method of the next tier, of {@code kind} when given. */
    MethodInfo callee(Ctx ctx, Kind kind) {
        List<MethodInfo> candidates = new ArrayList<>();
        for (MethodInfo info : infos) {
            if (info.tier() == ctx.m.info.tier() + 1 && (kind == null || info.kind() == kind)) {
                candidates.add(info);
            }
        }
        return candidates.isEmpty() ? null : candidates.get(rnd.nextInt(candidates.size()));
    }

    /** An anonymous class's method: a class file and an invocation scope of its own (S8). */
    Stmt anonymousScope(Ctx ctx) {
        Ctx inner = ctx.lambda(ctx.m.name("acc"), "int", false);
        inner.instance = false;
        List<Stmt> body = new ArrayList<>();
        body.add(new Raw("int " + inner.acc + " = " + var(inner, "int").name() + " + " + rnd.nextInt(9) + ";"));
        boolean completes = block(inner, body, 1, 4, true);
        if (completes) {
            body.add(new Raw("return " + inner.acc + ";"));
        }
        return new LambdaScope(ctx.acc + " += new IntBody() {\n    public int run() throws Throwable {", body, "    }\n}.run();", "0");
    }

    /** More registrations than one mask holds (C3: 32 bits a mask), each behind its own condition. */
    Stmt burst(Ctx ctx) {
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

    Stmt lambdaScope(Ctx ctx) {
        Ctx inner = ctx.lambda(ctx.m.name("acc"), "int", false);
        List<Stmt> body = new ArrayList<>();
        body.add(new Raw("int " + inner.acc + " = " + var(inner, "int").name() + " + " + rnd.nextInt(9) + ";"));
        boolean completes = block(inner, body, 1, 3, true);
        if (completes) {
            body.add(new Raw("return " + inner.acc + ";"));
        }
        return new LambdaScope(ctx.acc + " += callInt(() -> {", body, "});", "0");
    }
}
