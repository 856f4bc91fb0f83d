package io.jdefer.frontends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Ecj;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as users run it, in fresh JVMs of the JDK that runs the build (17 or 25 in CI),
 * on a program ECJ compiled without any processor (SPEC C6, S11): {@code java -jar} on a classes
 * directory and on a jar, then the program; the program under {@code -javaagent:} and
 * {@code -Xverify:all}; the source launcher under the agent. Each run prints what its actions
 * did, and the text must be exactly that of javac's processor (S1-S6, S8).
 */
class FrontEndsIT {
    static final String PROGRAM = """
            package app;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import java.util.ArrayList;
            import java.util.List;

            public class Main {
                static final List<String> LOG = new ArrayList<>();

                @Deferred
                static int lifo(int n) {
                    defer(() -> LOG.add("first"));
                    deferOnSuccess(() -> LOG.add("commit"));
                    deferOnError(() -> LOG.add("rollback"));
                    defer(() -> LOG.add("last " + n));
                    if (n < 0) throw new IllegalArgumentException("negative");
                    return n * 2;
                }

                @Deferred
                static void suppressed() {
                    defer(() -> { throw new IllegalStateException("from action"); });
                    throw new UnsupportedOperationException("from body");
                }

                @Deferred
                static String recovered() {
                    defer(() -> LOG.add("recovered " + recover().getMessage()));
                    throw new RuntimeException("boom");
                }

                @Deferred
                static void loop(int n) {
                    for (int i = 0; i < n; i++) {
                        int j = i;
                        defer(() -> LOG.add("loop " + j));
                    }
                }

                @Deferred
                static Runnable anonymous() {
                    return new Runnable() {
                        public void run() {
                            defer(() -> LOG.add("anonymous exit"));
                            LOG.add("anonymous body");
                        }
                    };
                }

                public static void main(String[] args) {
                    System.out.println(lifo(3) + " " + LOG); LOG.clear();
                    try { lifo(-1); } catch (IllegalArgumentException e) { System.out.println(e.getMessage() + " " + LOG); } LOG.clear();
                    try { suppressed(); } catch (UnsupportedOperationException e) {
                        System.out.println(e.getMessage() + " suppressed " + e.getSuppressed()[0].getMessage());
                    }
                    System.out.println(recovered() + " " + LOG); LOG.clear();
                    loop(3); System.out.println(LOG); LOG.clear();
                    anonymous().run(); System.out.println(LOG); LOG.clear();
                }
            }
            """;

    static final String EXPECTED = String.join("\n",
            "6 [last 3, commit, first]",
            "negative [last -1, rollback, first]",
            "from body suppressed from action",
            "null [recovered boom]",
            "[loop 2, loop 1, loop 0]",
            "[anonymous body, anonymous exit]") + "\n";

    @TempDir
    Path temp;

    @Test
    void postCompile_onAClassesDirectory_thenRun_S1_S6() throws Exception {
        Path classes = ecj();
        Run rewrite = java("-jar", processorJar(), "--verbose", "--classpath", userClassPath(), classes.toString());
        assertEquals(0, rewrite.status, rewrite.err);
        assertEquals(5, rewrite.out.lines().filter(line -> line.startsWith("jdefer: app.Main")).count(), rewrite.out);
        Run run = java("-Xverify:all", "-cp", classes + File.pathSeparator + userClassPath(), "app.Main");
        assertEquals(EXPECTED, run.out, run.err);
        Run again = java("-jar", processorJar(), "--verbose", "--classpath", userClassPath(), classes.toString());
        assertEquals("", again.out, "idempotent");
    }

    @Test
    void postCompile_onAJar_thenRun() throws Exception {
        Path jar = jar(ecj());
        Run rewrite = java("-jar", processorJar(), "--classpath", userClassPath(), jar.toString());
        assertEquals(0, rewrite.status, rewrite.err);
        Run run = java("-Xverify:all", "-cp", jar + File.pathSeparator + userClassPath(), "app.Main");
        assertEquals(EXPECTED, run.out, run.err);
    }

    @Test
    void unrewritten_failsLoudly_S11() throws Exception {
        Run run = java("-cp", ecj() + File.pathSeparator + userClassPath(), "app.Main");
        assertTrue(run.status != 0 && run.err.contains("IllegalStateException"), run.err);
    }

    @Test
    void agent_rewritesAtLoadTime_underTheVerifier() throws Exception {
        Run run = java("-Xverify:all", "-javaagent:" + processorJar() + "=verbose", "-cp", ecj() + File.pathSeparator + userClassPath(), "app.Main");
        assertEquals(EXPECTED, run.out, run.err);
        assertTrue(run.err.contains("jdefer: app.Main.lifo(I)I: open-coded"), run.err);
        assertTrue(run.err.contains("jdefer: app.Main$1.run()V: open-coded"), run.err);
    }

    @Test
    void agent_underTheSourceLauncher() throws Exception {
        Path source = temp.resolve("app/Main.java"); // JDK 22+ wants the package's directories
        Files.createDirectories(source.getParent());
        Files.writeString(source, PROGRAM, StandardCharsets.UTF_8);
        Run run = java("-Xverify:all", "-javaagent:" + processorJar(), "-cp", userClassPath(), source.toString());
        assertEquals(EXPECTED, run.out, run.err);
    }

    private Path ecj() throws IOException {
        Path out = Files.createTempDirectory(temp, "classes");
        Ecj.compileTo(out, PROGRAM);
        return out;
    }

    private Path jar(Path classes) throws IOException {
        Path jar = temp.resolve("app.jar");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Path path : files) {
                out.putNextEntry(new ZipEntry(classes.relativize(path).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(path));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static String processorJar() {
        String jar = System.getProperty("jdefer.processor.jar");
        assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "run by failsafe after package: " + jar);
        return jar;
    }

    /** What a user's program needs: the API and the runtime, as jars or as their modules' classes directories. */
    private static String userClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String path = entry.replace('\\', '/');
            if (path.contains("jdefer-annotations") || path.contains("jdefer-runtime")
                    || path.endsWith("annotations/target/classes") || path.endsWith("runtime/target/classes")) {
                entries.add(entry);
            }
        }
        assertEquals(2, entries.size(), "the API and the runtime on " + System.getProperty("java.class.path"));
        return String.join(File.pathSeparator, entries);
    }

    private record Run(int status, String out, String err) {}

    private Run java(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(temp, "out", ".txt");
        Path err = Files.createTempFile(temp, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out).replace("\r\n", "\n"), Files.readString(err));
    }
}
