package io.jdefer.reliability;

import io.jdefer.reliability.FuzzModel.Kind;
import io.jdefer.reliability.FuzzModel.Stmt;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link FuzzGenerator} knows while it writes a method: the method's counters, the variables
 * in scope (which a lambda may capture), the jump targets, what {@code return} returns, and
 * whether the place is a lambda, a {@code finally}, a switch expression or a constructor. A
 * {@link Ctx} is copied for each nested block, so a declaration stays in its block.
 */
final class FuzzContext {
    private FuzzContext() {}

    /** What other methods may know about a method before its body exists. */
    record MethodInfo(String name, Kind kind, String returnType, int tier) {}

    /** Per-method counters and flags. */
    static final class MethodGen {
        final MethodInfo info;
        int names;
        boolean mayBeDynamic;
        /**
         * Every registration of the method defers a lambda capturing one {@code int}: its frame
         * sites then have one layout (D34), and where every path registers them in one order, one
         * cycle whose ids come from the position (D35).
         */
        boolean oneLayout;

        MethodGen(MethodInfo info) {
            this.info = info;
        }

        String name(String prefix) {
            return prefix + names++;
        }

        String tag() {
            return info.name() + ":" + names++;
        }
    }

    /** A jump target: a loop, a switch or a labeled block; {@code broken} once a break leaves it. */
    static final class Target {
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
    static final class Ctx {
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
    record Gen(Stmt stmt, boolean completes) {}
}
