package io.jdefer.dump;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code jdefer-dump} command line (docs/dump.md). Exit status: 0 done, 1 {@code --check} failed, 2 bad input. */
@Command(name = "jdefer-dump", mixinStandardHelpOptions = true, version = "jdefer-dump 0.1.0-SNAPSHOT", sortOptions = false,
        description = {"Shows what jdefer made of each @Deferred method, like go tool compile -S.",
            "INPUT: a .class file, a directory of class files, a jar, or .java files (compiled here with the jdefer processor)."},
        footer = {"", "Exit status: 0 done; 1 --check found an allocation jdefer added to a normal path (with --check-all: any);"
            + " 2 bad input or usage."})
public final class DumpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "-S", description = "Annotated bytecode per method (the default when no other mode is given).")
    boolean listing;

    @Option(names = "--diff", description = {"Before and after rewriting, side by side: .java inputs, or class files jdefer did not"
        + " rewrite (-proc:none, -Ajdefer.rewrite=false, another compiler), rewritten here."})
    boolean diff;

    @Option(names = "--java", description = "The rewritten classes decompiled to Java (Vineflower).")
    boolean java;

    @Option(names = "--check", description = {"One line per allocation on the normal path of a @Deferred-scope method, tagged"
        + " [added by jdefer] or [own code]; exit 1 if jdefer added one."})
    boolean check;

    @Option(names = "--check-all", description = "Like --check, and also exit 1 for the methods' own allocations.")
    boolean checkAll;

    @Option(names = "--jit", description = "Run --method hot in a child JVM and show HotSpot's compilation, inlining and, with hsdis, assembly.")
    boolean jit;

    @Option(names = "--method", paramLabel = "NAME", description = "Only methods with this name (or name and descriptor prefix). Repeatable.")
    List<String> methods = new ArrayList<>();

    @Option(names = "--frames", description = "With -S: each instruction's locals and stack as the verifier sees them (locals : stack).")
    boolean frames;

    @Option(names = "--all", description = "Every method with code, not only those in a @Deferred scope.")
    boolean all;

    @Option(names = "--source-path", paramLabel = "DIR", split = "${sys:path.separator}",
            description = "Where the sources of class inputs are, for the interleaved source lines.")
    List<Path> sourcePath = new ArrayList<>();

    @Option(names = {"-cp", "--classpath"}, paramLabel = "PATH", split = "${sys:path.separator}",
            description = "Class path to compile .java inputs against, to read the classes a --diff rewrite needs, and to run --jit with.")
    List<String> classPath = new ArrayList<>();

    @Option(names = "--release", paramLabel = "N", description = "javac --release for .java inputs (default: javac's own).")
    String release;

    @Option(names = "--jit-calls", paramLabel = "N", defaultValue = "30000", description = "Calls --jit makes (default: ${DEFAULT-VALUE}).")
    int jitCalls;

    @Option(names = "--jit-assembly", description = "With --jit, also print the method's machine code (needs hsdis).")
    boolean jitAssembly;

    @Option(names = "--hsdis", paramLabel = "FILE", description = "With --jit-assembly: an hsdis-<arch>.so to load (see docs/dump.md).")
    Path hsdis;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Class file, class directory, jar or .java files.")
    List<Path> inputs = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command; returns the exit status. For tests and for embedding. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new DumpCommand());
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof DumpException) {
                cmd.getErr().println("jdefer-dump: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        int status = line.execute(args);
        out.flush();
        err.flush();
        return status;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> javacOptions = new ArrayList<>();
        if (release != null) {
            javacOptions.add("--release");
            javacOptions.add(release);
        }
        Inputs loaded = Inputs.load(inputs, sourcePath, new SourceCompiler(classPath, javacOptions)).withClassPath(classPath);
        for (String diagnostic : loaded.diagnostics) {
            err.println(diagnostic);
        }
        ClassAnalyzer analyzer = new ClassAnalyzer(loaded::lookup).withFrames(frames);
        List<ClassDump> dumps = new ArrayList<>();
        for (byte[] bytes : loaded.classes.values()) {
            dumps.add(analyzer.analyze(bytes));
        }
        Predicate<MethodDump> selected = this::selected;
        boolean any = false;

        if (listing || !(diff || java || check || checkAll || jit)) {
            List<String> parts = new ArrayList<>();
            for (ClassDump dump : dumps) {
                Map<String, Integer> sizes = sizesBefore(loaded, dump.name());
                String text = new Listing(loaded.source(dump.name(), dump.sourceFile()), sizes).render(dump, selected);
                if (!text.isEmpty()) {
                    parts.add(text);
                }
            }
            any |= !parts.isEmpty();
            out.print(String.join("\n", parts));
        }
        if (diff) {
            ClassAnalyzer beforeAnalyzer = new ClassAnalyzer(loaded.before::get);
            List<String> parts = new ArrayList<>();
            ClassFileRewriter rewriter = null;
            for (ClassDump dumped : dumps) {
                byte[] bytes = loaded.before.get(dumped.name());
                ClassDump before;
                ClassDump dump;
                if (bytes != null) {
                    before = beforeAnalyzer.analyze(bytes); // a .java input: javac's class file, and jdefer's
                    dump = dumped;
                } else {
                    // a class file that was not rewritten: it is the "before", the rewriter makes the "after" here
                    rewriter = rewriter != null ? rewriter : new ClassFileRewriter(loaded::lookup);
                    before = dumped;
                    dump = analyzer.analyze(rewriter.rewrite(loaded.classes.get(dumped.name())));
                }
                SideBySide sides = new SideBySide(loaded.source(dump.name(), dump.sourceFile()));
                for (MethodDump method : dump.methods()) {
                    if (selected.test(method)) {
                        MethodDump old = before == null ? null : find(before, method.name() + method.descriptor());
                        parts.add(old == null ? "== " + method.displayName() + ": no such method in javac's output (jdefer changed its descriptor)\n"
                                : sides.render(old, method));
                    }
                }
            }
            if (rewriter != null) {
                rewriter.close();
            }
            any |= !parts.isEmpty();
            out.print(String.join("\n", parts));
        }
        if (java) {
            for (Map.Entry<String, String> source : Decompiler.decompile(loaded.classes).entrySet()) {
                out.println("// " + source.getKey().replace('/', '.') + " (decompiled by Vineflower)");
                out.println(source.getValue());
                any = true;
            }
        }
        if (jit) {
            any = true;
            JitProbe probe = new JitProbe(loaded.classes, classPath, jitCalls, jitAssembly || hsdis != null, hsdis);
            out.print(probe.run(dumps, methods));
        }
        int status = 0;
        if (check || checkAll) {
            any = true;
            boolean failed = false;
            for (ClassDump dump : dumps) {
                for (AllocationCheck.Finding finding : AllocationCheck.findings(dump, m -> methods.isEmpty() || matches(m))) {
                    out.println(finding.line());
                    failed |= finding.jdefer() || checkAll;
                }
            }
            status = failed ? 1 : 0;
        }
        if (!any) {
            err.println("jdefer-dump: no method in a @Deferred scope" + (methods.isEmpty() ? "" : " named " + String.join(", ", methods))
                    + " in " + inputs + (all ? "" : "; --all dumps every method"));
        }
        out.flush();
        return status;
    }

    private boolean selected(MethodDump method) {
        if (method.instructions().isEmpty()) {
            return false;
        }
        if (!methods.isEmpty()) {
            return matches(method); // a method asked for by name is shown, in scope or not
        }
        return all || method.inScope() || method.isRewritten();
    }

    private boolean matches(MethodDump method) {
        for (String name : methods) {
            if (method.name().equals(name) || (method.name() + method.descriptor()).startsWith(name)) {
                return true;
            }
        }
        return false;
    }

    private static MethodDump find(ClassDump dump, String key) {
        for (MethodDump method : dump.methods()) {
            if ((method.name() + method.descriptor()).equals(key)) {
                return method;
            }
        }
        return null;
    }

    private static Map<String, Integer> sizesBefore(Inputs loaded, String className) {
        byte[] bytes = loaded.before.get(className);
        if (bytes == null) {
            return Map.of();
        }
        Map<String, Integer> sizes = new java.util.HashMap<>();
        for (MethodDump method : new ClassAnalyzer(n -> null).analyze(bytes).methods()) {
            sizes.put(method.name() + method.descriptor(), method.codeSize());
        }
        return sizes;
    }
}
