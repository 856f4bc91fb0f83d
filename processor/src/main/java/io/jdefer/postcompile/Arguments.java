package io.jdefer.postcompile;

import io.jdefer.classfile.PathLookup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The post-compile command line: {@code [--classpath PATH] [--verbose|-v] [--check] <classes dir | jar>...}.
 * Hand-rolled on purpose: three options do not justify a dependency in the processor jar.
 */
record Arguments(List<Path> targets, List<Path> classPath, boolean verbose, boolean check, boolean help) {
    static final String USAGE = String.join("\n",
            "usage: java -jar jdefer-processor.jar [options] <classes dir | jar>...",
            "Rewrites, in place, the @Deferred methods of classes compiled without the jdefer processor (ECJ, -proc:none).",
            "A class rewritten before is left alone, so running it twice changes nothing.",
            "  --classpath, -cp PATH  where the classes' dependencies are (read only, to compute stack map frames)",
            "  --verbose, -v          print one line per rewritten method",
            "  --check                report what would be rewritten and every error; write nothing",
            "  --help, -h             print this text",
            "exit status: 0 done (or nothing to do), 1 a class could not be rewritten (nothing was written),",
            "             2 bad command line, 3 a file could not be read or written");

    Arguments {
        targets = List.copyOf(targets);
        classPath = List.copyOf(classPath);
    }

    /** Parses {@code args}; a mistake throws {@link IllegalArgumentException} with the message to print. */
    static Arguments parse(String... args) {
        List<Path> targets = new ArrayList<>();
        List<Path> classPath = new ArrayList<>();
        boolean verbose = false;
        boolean check = false;
        boolean help = false;
        boolean options = true;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (options && arg.startsWith("-")) {
                switch (arg) {
                    case "--":
                        options = false;
                        break;
                    case "--classpath":
                    case "-cp":
                    case "--class-path":
                        if (i + 1 == args.length) {
                            throw new IllegalArgumentException(arg + " needs a path");
                        }
                        classPath.addAll(PathLookup.parse(args[++i]));
                        break;
                    case "--verbose":
                    case "-v":
                        verbose = true;
                        break;
                    case "--check":
                        check = true;
                        break;
                    case "--help":
                    case "-h":
                        help = true;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option " + arg);
                }
            } else {
                targets.add(Path.of(arg));
            }
        }
        if (targets.isEmpty() && !help) {
            throw new IllegalArgumentException("no classes directory or jar given");
        }
        return new Arguments(targets, classPath, verbose, check, help);
    }
}
