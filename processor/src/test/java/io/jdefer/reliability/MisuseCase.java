package io.jdefer.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import io.jdefer.testing.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Assumptions;

/**
 * One input of the misuse corpus, checked the error-prone way: the source marks the lines where a
 * diagnostic must be, {@code // BUG: [jdefer:ID]} (an error with that id), {@code // BUG: javac} (an
 * error of javac's own) or {@code // WARN: [jdefer:ID]}; {@code a|b} accepts either (javac versions
 * differ in what they reject first). Every error must be on a marked line. With
 * no error expected the program must compile, verify, and, when {@link #runs} says so, run and log
 * the expected events. Whatever the input, javac must not crash and jdefer must not report
 * {@code [jdefer:INTERNAL]} (SPEC C1).
 */
record MisuseCase(String name, String source, List<String> options, int minJdk, String runClass, String runMethod, List<String> trace,
        String thrown) {
    private static final Pattern MARK = Pattern.compile("//\\s*(BUG|WARN):\\s*((?:\\[jdefer:\\w+\\]|javac)(?:\\|(?:\\[jdefer:\\w+\\]|javac))*)");

    static MisuseCase of(String name, String source) {
        return new MisuseCase(name, source, List.of(), 17, null, null, null, null);
    }

    MisuseCase options(String... more) {
        return new MisuseCase(name, source, List.of(more), minJdk, runClass, runMethod, trace, thrown);
    }

    /** Only where the JDK's javac accepts the input at all (statements before super: JDK 25, JEP 513). */
    MisuseCase since(int jdk) {
        return new MisuseCase(name, source, options, jdk, runClass, runMethod, trace, thrown);
    }

    /** Calls static {@code method()} of {@code className} and expects these events (and no exception). */
    MisuseCase runs(String className, String method, String... events) {
        return new MisuseCase(name, source, options, minJdk, className, method, List.of(events), null);
    }

    /** Like {@link #runs}, expecting the call to throw {@code exception} (a class name). */
    MisuseCase throwsAfter(String exception, String className, String method, String... events) {
        return new MisuseCase(name, source, options, minJdk, className, method, List.of(events), exception);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Compiles and checks; returns the compilation for case-specific checks. */
    Compilation check() throws Throwable {
        Assumptions.assumeTrue(Runtime.version().feature() >= minJdk, name + " needs JDK " + minJdk);
        Compilation compilation = Javac.javac().options(options.toArray(new String[0])).compile(source);
        assertNoCrash(compilation);
        List<String[]> marks = marks();
        List<String> problems = new ArrayList<>();
        for (String[] mark : marks) {
            int line = Integer.parseInt(mark[0]);
            Diagnostic.Kind kind = mark[1].equals("BUG") ? Diagnostic.Kind.ERROR : Diagnostic.Kind.WARNING;
            boolean found = compilation.diagnostics(kind).stream().anyMatch(d -> d.getLineNumber() == line
                    && List.of(mark[2].split("\\|")).stream().anyMatch(want -> want.equals("javac")
                            ? !d.getMessage(Locale.ROOT).contains("[jdefer") : d.getMessage(Locale.ROOT).contains(want)));
            if (!found) {
                problems.add("want " + kind + " " + mark[2] + " on line " + line);
            }
        }
        for (Diagnostic<?> error : compilation.diagnostics(Diagnostic.Kind.ERROR)) {
            if (marks.stream().noneMatch(m -> m[1].equals("BUG") && Long.parseLong(m[0]) == error.getLineNumber())) {
                problems.add("unexpected error on line " + error.getLineNumber());
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems) + "\nhave:\n" + compilation.diagnosticsText());
        }
        boolean errors = marks.stream().anyMatch(m -> m[1].equals("BUG"));
        assertEquals(!errors, compilation.success(), compilation.diagnosticsText());
        if (!errors) {
            compilation.assertVerifies();
        }
        if (runClass != null) {
            Trace.take();
            Throwable threw = null;
            try {
                compilation.call(runClass, runMethod);
            } catch (Throwable t) {
                threw = t;
            }
            if (thrown == null && threw != null) {
                throw threw;
            }
            if (thrown != null) {
                assertTrue(threw != null && threw.getClass().getName().equals(thrown), "want " + thrown + ", have " + threw);
            }
            assertEquals(trace, Trace.take());
        }
        return compilation;
    }

    /** SPEC C1: javac never crashes and jdefer never fails internally, whatever the input. */
    static void assertNoCrash(Compilation compilation) {
        for (Diagnostic<?> d : compilation.diagnostics()) {
            String message = d.getMessage(Locale.ROOT);
            if (message.contains("An exception has occurred in the compiler") || message.contains("[jdefer:INTERNAL]")) {
                fail("crash: " + message);
            }
        }
    }

    /** {line, BUG|WARN, id or "javac"} for every marked line. */
    private List<String[]> marks() {
        List<String[]> marks = new ArrayList<>();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MARK.matcher(lines[i]);
            if (m.find()) {
                marks.add(new String[] {String.valueOf(i + 1), m.group(1), m.group(2)});
            }
        }
        return marks;
    }
}
