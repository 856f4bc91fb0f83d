package io.jdefer.reliability;

import io.jdefer.reliability.FuzzContext.Ctx;
import io.jdefer.reliability.FuzzContext.Gen;
import io.jdefer.reliability.FuzzContext.Target;
import io.jdefer.reliability.FuzzContext.Var;
import io.jdefer.reliability.FuzzModel.Compound;
import io.jdefer.reliability.FuzzModel.Part;
import io.jdefer.reliability.FuzzModel.Raw;
import io.jdefer.reliability.FuzzModel.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * The third layer of the generator: compound statements and jumps. Each returns whether it can
 * complete normally (JLS 14.22), so the layer above never writes a statement javac would call
 * unreachable: a loop with a non-constant condition can, an {@code if}/{@code else} can when one
 * branch can, a {@code switch} when its last group can or a {@code break} leaves it, a {@code try}
 * when its {@code finally} can and the body or a handler can.
 */
abstract class FuzzStatements extends FuzzActions {
    FuzzStatements(long seed, boolean knownBugs) {
        super(seed, knownBugs);
    }

    Gen ifElse(Ctx ctx) {
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

    Gen loop(Ctx ctx) {
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

    Gen switchStatement(Ctx ctx) {
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
    Gen patternSwitch(Ctx ctx) {
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
    Stmt switchExpression(Ctx ctx) {
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

    Gen tryStatement(Ctx ctx) {
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

    Gen labeledBlock(Ctx ctx) {
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

    /** A statement that cannot complete normally: return, throw, break or continue. */
    Stmt terminal(Ctx ctx) {
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
}
