package io.jdefer.postcompile;

import io.jdefer.classfile.PathLookup;
import io.jdefer.classfile.RewriteOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The post-compile front end, {@code java -jar jdefer-processor.jar <classes dir | jar>...}
 * (SPEC section 5, C6): after any compiler, rewrites every class in {@code @Deferred} scope in
 * place. Idempotent: a class that carries the marks of a rewrite is left alone. All or nothing:
 * the new bytes of every target are computed first, and written only when no class had an error.
 * Exit status as {@link Arguments#USAGE} says.
 */
public final class Main {
    static final int OK = 0;
    static final int ERRORS = 1;
    static final int USAGE = 2;
    static final int IO = 3;

    private Main() {}

    /** The command line; exits with the status {@link #run} returns, when it is not 0. */
    public static void main(String[] args) {
        int status = run(System.out, System.err, args);
        if (status != OK) {
            System.exit(status);
        }
    }

    /** Runs the command; what {@code main} would exit with. Prints method lines to {@code out}, errors to {@code err}. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("jdefer: " + e.getMessage());
            err.println(Arguments.USAGE);
            return USAGE;
        }
        if (arguments.help()) {
            out.println(Arguments.USAGE);
            return OK;
        }
        for (Path target : arguments.targets()) {
            if (!Files.isDirectory(target) && !(Files.isRegularFile(target) && target.toString().endsWith(".jar"))) {
                err.println("jdefer: " + target + " is neither a classes directory nor a jar");
                return USAGE;
            }
        }
        List<Path> path = new ArrayList<>(arguments.targets());
        path.addAll(arguments.classPath());
        List<Target> rewritten = new ArrayList<>();
        int errors = 0;
        try {
            try (PathLookup lookup = new PathLookup(path)) {
                for (Path target : arguments.targets()) {
                    Target result = Files.isDirectory(target) ? ClassDirectory.rewrite(target, lookup, arguments.check())
                            : JarRewrite.rewrite(target, lookup, arguments.check());
                    errors += print(result.outcomes(), arguments.verbose(), out, err);
                    rewritten.add(result);
                }
            }
            if (errors > 0) {
                err.println("jdefer: " + errors + (errors == 1 ? " error" : " errors") + "; nothing was written");
                return ERRORS;
            }
            if (!arguments.check()) {
                for (Target target : rewritten) {
                    target.write();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            err.println("jdefer: " + e.getMessage());
            return IO;
        }
        return OK;
    }

    private static int print(List<RewriteOutcome> outcomes, boolean verbose, PrintStream out, PrintStream err) {
        int errors = 0;
        for (RewriteOutcome outcome : outcomes) {
            for (String problem : outcome.problems()) {
                err.println("jdefer: error: " + problem);
                errors++;
            }
            if (verbose) {
                for (String method : outcome.methods()) {
                    out.println(method);
                }
            }
        }
        return errors;
    }

    /** One directory or jar, its classes rewritten in memory; {@link #write()} puts them in place. */
    interface Target {
        List<RewriteOutcome> outcomes();

        void write() throws IOException;
    }
}
