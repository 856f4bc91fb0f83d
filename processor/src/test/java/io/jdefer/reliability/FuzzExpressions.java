package io.jdefer.reliability;

import io.jdefer.reliability.FuzzContext.Ctx;
import io.jdefer.reliability.FuzzContext.Var;
import io.jdefer.reliability.FuzzModel.Compound;
import io.jdefer.reliability.FuzzModel.Part;
import io.jdefer.reliability.FuzzModel.Raw;
import io.jdefer.reliability.FuzzModel.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The first layer of the generator: expressions and simple statements. Conditions and loop
 * bounds always read a variable, so javac never sees a constant (a constant loop condition would
 * make the code after it unreachable, JLS 14.22); what a lambda logs is always capturable.
 */
abstract class FuzzExpressions {
    static final String[] SNAPSHOT_TYPES = {"int", "long", "double", "float", "boolean", "char", "byte", "short", "String",
        "int[]", "Box"};

    final Random rnd;
    /** Also generate what open bugs break (docs/testing.md); off by default. */
    final boolean knownBugs;

    /** Which methods are {@code oneLayout}: a stream of its own, so the other methods' programs stay those of their seed. */
    final Random layouts;

    FuzzExpressions(long seed, boolean knownBugs) {
        this.rnd = new Random(seed);
        this.layouts = new Random(seed ^ 0x35L);
        this.knownBugs = knownBugs;
    }

    Stmt ifBlock(Ctx ctx, List<Stmt> body) {
        return new Compound(List.of(new Part("if (" + cond(ctx) + ") {", body)), "}");
    }

    Stmt log(Ctx ctx) {
        StringBuilder text = new StringBuilder("log(\"" + ctx.m.tag() + " \" + " + ctx.acc);
        for (int i = rnd.nextInt(3); i > 0; i--) {
            text.append(" + \" \" + ").append(readable(ctx));
        }
        return new Raw(text + ");");
    }

    Stmt mutate(Ctx ctx) {
        switch (rnd.nextInt(4)) {
            case 0:
                return new Raw(ctx.acc + " = " + ctx.acc + " * 3 + " + rnd.nextInt(10) + ";");
            case 1:
                return new Raw(ctx.acc + " += " + intSource(ctx) + " ^ " + rnd.nextInt(10) + ";");
            case 2: {
                Var box = var(ctx, "Box");
                if (box != null) {
                    return new Raw(box.name() + ".v += " + (1 + rnd.nextInt(9)) + ";");
                }
                Var array = var(ctx, "int[]");
                if (array != null) {
                    return new Raw(array.name() + "[0] = " + ctx.acc + " + " + rnd.nextInt(9) + ";");
                }
                return new Raw(ctx.acc + "--;");
            }
            default:
                return new Raw((ctx.instance && rnd.nextBoolean() ? "f" : ctx.acc) + " -= " + intSource(ctx) + ";");
        }
    }

    /** A final copy of the current state, to be captured: every primitive type, strings, arrays, boxes. */
    Stmt snapshot(Ctx ctx) {
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

    Stmt throwStatement(Ctx ctx) {
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

    String cond(Ctx ctx) {
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

    String bound(Ctx ctx) {
        switch (rnd.nextInt(4)) {
            case 0:
                return "2";
            case 1:
                // up to seven iterations: past the four entries a one-site frame keeps in locals (D32)
                return "((" + intSource(ctx) + " + " + rnd.nextInt(3) + ") & 7)";
            default:
                return "((" + intSource(ctx) + " + " + rnd.nextInt(3) + ") & 3)";
        }
    }

    /** An int-valued expression readable here (never a constant: it involves a variable). */
    String intSource(Ctx ctx) {
        List<String> sources = new ArrayList<>(ctx.ints);
        for (Var v : ctx.vars) {
            if (v.type().equals("int")) {
                sources.add(v.name());
            }
        }
        sources.add(ctx.acc);
        return sources.get(rnd.nextInt(sources.size()));
    }

    /** Something to log: a variable's value, as text that reads it. */
    String readable(Ctx ctx) {
        List<String> texts = new ArrayList<>(ctx.ints);
        for (Var v : ctx.vars) {
            switch (v.type()) {
                case "int[]": texts.add(v.name() + "[0]"); break;
                case "Box": texts.add(v.name() + ".v"); break;
                case "Res": case "Lock": break;
                case "Boom": case "Throwable": texts.add("describe(" + v.name() + ")"); break;
                default: texts.add(v.name());
            }
        }
        texts.add(ctx.acc);
        if (ctx.instance) {
            texts.add("f");
        }
        return texts.get(rnd.nextInt(texts.size()));
    }

    /** Something to log that a lambda may capture: an effectively final variable. */
    String captured(Ctx ctx) {
        Ctx lambda = ctx.lambda("a", "void", false);
        return readable(lambda);
    }

    Var var(Ctx ctx, String type) {
        List<Var> candidates = new ArrayList<>();
        for (Var v : ctx.vars) {
            if (v.type().equals(type)) {
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

    String pick(String[] options) {
        return options[rnd.nextInt(options.length)];
    }
}
