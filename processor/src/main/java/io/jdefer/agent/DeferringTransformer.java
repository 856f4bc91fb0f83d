package io.jdefer.agent;

import io.jdefer.classfile.ClassFileRewrite;
import io.jdefer.classfile.ClassLookup;
import io.jdefer.classfile.RewriteOutcome;
import io.jdefer.rewrite.JdkClasses;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * Rewrites a class as it is loaded, through the one entry the post-compile step also uses
 * ({@link ClassFileRewrite}). The rules, JaCoCo's {@code CoverageTransformer}'s:
 * <ul>
 *   <li>{@code null} ("unchanged") for every class it leaves alone, so those stay byte-identical:
 *       the JDK's, jdefer's own, classes being redefined, and every class whose constant pool
 *       names neither {@code io/jdefer/Defers} nor {@code @Deferred} (the cheap filter; most
 *       classes stop there); also for classes rewritten at build time (idempotence);
 *   <li>never throws into the class loader: a problem is printed to stderr naming the class and
 *       the method, and the class is loaded as it is (its {@code defer} calls then throw, SPEC S11);
 *   <li>the hierarchy for stack map frames comes from the defining loader's resources
 *       ({@code getResource}), never from loading a class.
 * </ul>
 */
final class DeferringTransformer implements ClassFileTransformer {
    private final boolean verbose;
    private final PrintStream err;

    DeferringTransformer(boolean verbose, PrintStream err) {
        this.verbose = verbose;
        this.err = err;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined, ProtectionDomain domain, byte[] classFile) {
        if (className == null || classBeingRedefined != null || skipped(loader, className)) {
            return null;
        }
        try {
            RewriteOutcome outcome = ClassFileRewrite.rewrite(classFile, ClassLookup.ofLoader(loader), false);
            for (String problem : outcome.problems()) {
                err.println("jdefer agent: error: " + problem + " (the class is loaded unrewritten)");
            }
            if (verbose) {
                for (String method : outcome.methods()) {
                    err.println(method);
                }
            }
            return outcome.bytes();
        } catch (RuntimeException | LinkageError | StackOverflowError t) { // the class loader must never see it (JaCoCo does the same)
            err.println("jdefer agent: error: [jdefer:INTERNAL] " + className.replace('/', '.') + ": jdefer failed (" + t
                    + "); the class is loaded unrewritten; please report it with this class");
            return null;
        }
    }

    /** The JDK's classes and jdefer's own are never touched. */
    static boolean skipped(ClassLoader loader, String className) {
        if (loader == null || loader == ClassLoader.getPlatformClassLoader() || JdkClasses.contains(className)) {
            return true;
        }
        for (String prefix : SKIPPED) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        // The API package io.jdefer itself (Defers, Deferred, Action...): names with no further package.
        return className.startsWith("io/jdefer/") && className.indexOf('/', "io/jdefer/".length()) < 0;
    }

    private static final String[] SKIPPED = {
        "io/jdefer/runtime/", "io/jdefer/internal/", "io/jdefer/agent/", "io/jdefer/classfile/", "io/jdefer/postcompile/",
        "io/jdefer/rewrite/", "io/jdefer/plan/", "io/jdefer/analysis/", "io/jdefer/processor/", "io/jdefer/planner/",
        "io/jdefer/emit/", "io/jdefer/source/",
    };
}
