package io.jdefer.classfile;

import io.jdefer.plan.SourcePlan;
import io.jdefer.plan.StrategyChoice;
import io.jdefer.rewrite.ClassFileShapes;
import io.jdefer.rewrite.ClassRewriter;
import io.jdefer.rewrite.MethodReport;
import io.jdefer.rewrite.Problem;
import io.jdefer.rewrite.RewriteResult;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The one entry of the post-compile step and the agent (SPEC section 5, front ends): a class file
 * in, the rewritten class file out, from the class bytes alone (no source facts), with whatever
 * else it needs read through a {@link ClassLookup}. Pure but for the lookup: no static state, no
 * output; the front ends print what it returns.
 *
 * <p>A class is left alone ({@code bytes == null}) when its constant pool names neither
 * {@code io/jdefer/Defers} nor {@code @Deferred} (most classes: SPEC C5), when it already carries
 * the {@code JdeferLowering} marks of a rewrite (idempotence), or when it has a problem.
 */
public final class ClassFileRewrite {
    private static final String DEFERS = "io/jdefer/Defers";
    private static final String LOWERING_ATTRIBUTE = "JdeferLowering";

    private ClassFileRewrite() {}

    /**
     * Rewrites {@code classFile}. {@code check} does all the work, so that it reports the same methods
     * and problems, but returns no bytes.
     */
    public static RewriteOutcome rewrite(byte[] classFile, ClassLookup lookup, boolean check) {
        ConstantPool.Mentions mentions = ConstantPool.scan(classFile);
        if (mentions.malformed()) {
            return new RewriteOutcome(null, null, List.of(), List.of("[jdefer:INTERNAL] not a class file jdefer can read"), false);
        }
        if (!mentions.jdefer() && !mentions.lowering()) {
            return RewriteOutcome.untouched(null);
        }
        ClassNode type = new ClassNode();
        try {
            new ClassReader(classFile).accept(type, new Attribute[0], ClassReader.SKIP_FRAMES);
        } catch (RuntimeException e) {
            return new RewriteOutcome(null, null, List.of(), List.of("[jdefer:INTERNAL] a class file jdefer cannot read (" + e + ")"), false);
        }
        if (mentions.lowering() && alreadyRewritten(type)) {
            return new RewriteOutcome(type.name, null, List.of(), List.of(), true);
        }
        if (!mentions.jdefer()) {
            return RewriteOutcome.untouched(type.name);
        }
        List<String> problems = new ArrayList<>();
        StrategyChoice classStrategy;
        try {
            DeferredScopes scopes = new DeferredScopes(lookup);
            classStrategy = scopes.classStrategy(type);
            checkScopes(type, scopes, problems);
        } catch (RuntimeException e) {
            problems.add(tag("INTERNAL", type.name, null, e.getMessage()));
            return new RewriteOutcome(type.name, null, List.of(), problems, false);
        }
        if (!problems.isEmpty()) {
            return new RewriteOutcome(type.name, null, List.of(), problems, false);
        }
        RewriteResult result;
        try {
            result = rewriter(lookup).rewrite(classFile, SourcePlan.bytecodeOnly(type.name, classStrategy), false);
        } catch (RuntimeException e) {
            problems.add(tag("INTERNAL", type.name, null, "jdefer failed (" + e + "); please report it with this class"));
            return new RewriteOutcome(type.name, null, List.of(), problems, false);
        }
        for (Problem problem : result.problems()) {
            problems.add(describe(type.name, problem));
        }
        if (result.changed()) {
            for (String failure : RewrittenCodeCheck.failures(result.bytes())) {
                problems.add("[jdefer:INTERNAL] " + type.name.replace('/', '.') + "." + failure + "; please report it with this class");
            }
        }
        if (!problems.isEmpty()) {
            return new RewriteOutcome(type.name, null, List.of(), problems, false);
        }
        List<String> methods = new ArrayList<>();
        for (MethodReport method : result.methods()) {
            methods.add("jdefer: " + method);
        }
        return new RewriteOutcome(type.name, check ? null : result.bytes(), methods, List.of(), false);
    }

    /** The one place the rewriter is called from class bytes: the classes around it read from class files (the JDK's too). */
    private static ClassRewriter rewriter(ClassLookup lookup) {
        return new ClassRewriter(new ClassFileShapes(lookup::find));
    }

    private static boolean alreadyRewritten(ClassNode type) {
        for (MethodNode method : type.methods) {
            if (method.attrs != null) {
                for (Attribute attribute : method.attrs) {
                    if (attribute.type.equals(LOWERING_ATTRIBUTE)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The scope rules javac's checker enforces that the class file alone can still check (SPEC C1,
     * S8): a registration outside every {@code @Deferred} scope, or in a static initializer.
     */
    private static void checkScopes(ClassNode type, DeferredScopes scopes, List<String> problems) {
        for (MethodNode method : type.methods) {
            String call = firstRegistration(method);
            if (call == null) {
                continue;
            }
            if (method.name.equals("<clinit>")) {
                problems.add(tag("DEFER_IN_INITIALIZER", type.name, method, call + "(...) in a static initializer, which is no"
                        + " invocation scope; move it into a method marked @Deferred"));
            } else if (scopes.methodStrategy(type, method) == null) {
                problems.add(tag("OUTSIDE_SCOPE", type.name, method, call + "(...) outside a @Deferred scope; annotate the method,"
                        + " or its class, with @Deferred"));
            }
        }
    }

    private static String firstRegistration(MethodNode method) {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn.getOpcode() == Opcodes.INVOKESTATIC) {
                MethodInsnNode call = (MethodInsnNode) insn;
                if (call.owner.equals(DEFERS) && call.desc.equals("(Lio/jdefer/Action;)V")
                        && (call.name.equals("defer") || call.name.equals("deferOnError") || call.name.equals("deferOnSuccess"))) {
                    return call.name;
                }
            }
        }
        return null;
    }

    private static String describe(String className, Problem problem) {
        String id;
        String text;
        switch (problem.kind()) {
            case INLINE_DYNAMIC_SITE:
                id = "INLINE_IN_LOOP";
                text = problem.detail() + (problem.line() > 0 ? " (line " + problem.line() + ")" : "") + ", but the method asks for"
                        + " @Deferred(INLINE); use @Deferred or @Deferred(FRAME), or move the call out of the loop";
                break;
            case DEFER_LOCAL_NOT_FOUND:
                id = "DEFER_LOCAL_NOT_LOCATED";
                text = "cannot find where a @Defer local is stored (" + problem.detail() + "); write defer(x::close) after its"
                        + " declaration instead";
                break;
            case METHOD_TOO_LARGE:
                id = "METHOD_TOO_LARGE";
                text = "would pass the JVM's 64 KB code limit once its defers are rewritten (" + problem.detail()
                        + "); split it into smaller methods";
                break;
            default:
                id = "INTERNAL";
                text = "jdefer could not rewrite it: " + problem.detail() + "; please report it with this class";
        }
        return "[jdefer:" + id + "] " + className.replace('/', '.') + "." + problem.method() + ": " + text;
    }

    private static String tag(String id, String className, MethodNode method, String text) {
        return "[jdefer:" + id + "] " + className.replace('/', '.') + (method == null ? "" : "." + method.name + method.desc) + ": " + text;
    }
}
