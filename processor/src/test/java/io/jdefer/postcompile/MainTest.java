package io.jdefer.postcompile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Ecj;
import io.jdefer.testing.Trace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The post-compile command (SPEC section 5, C5, C6): classes directories and jars rewritten in
 * place, idempotent, deterministic, all or nothing on errors; the verbose lines and exit status.
 */
class MainTest {
    static final String PROGRAM = """
            package p;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;
            public class Locks {
                @Deferred
                public static int locked(int n) {
                    Trace.log("lock");
                    defer(() -> Trace.log("unlock"));
                    deferOnError(() -> Trace.log("rollback"));
                    if (n < 0) throw new IllegalArgumentException("negative");
                    return n + 1;
                }
                public static int plain(int n) { return n; }
            }
            """;
    static final String OUTSIDE = """
            package p;
            import static io.jdefer.Defers.*;
            public class Outside { static void run() { defer(() -> {}); } }
            """;

    @TempDir
    Path temp;

    @BeforeEach
    void clearTrace() {
        Trace.take();
    }

    @Test
    void aClassesDirectory_isRewrittenInPlace_andRunsItsActions_S2_S3() throws Throwable {
        Path classes = ecj(PROGRAM);
        Result result = run("--verbose", "--classpath", System.getProperty("java.class.path"), classes.toString());
        assertEquals(0, result.status, result.err);
        assertTrue(result.out.startsWith("jdefer: p.Locks.locked(I)I: open-coded, 2 sites, code "), result.out);
        assertEquals(1, result.out.lines().count(), result.out);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, MainTest.class.getClassLoader())) {
            Class<?> locks = loader.loadClass("p.Locks");
            assertEquals(3, locks.getMethod("locked", int.class).invoke(null, 2));
            assertEquals(List.of("lock", "unlock"), Trace.take(), "deferOnError skipped on success");
            Throwable thrown = org.junit.jupiter.api.Assertions.assertThrows(java.lang.reflect.InvocationTargetException.class,
                    () -> locks.getMethod("locked", int.class).invoke(null, -1)).getCause();
            assertEquals("negative", thrown.getMessage());
            assertEquals(List.of("lock", "rollback", "unlock"), Trace.take());
        }
    }

    @Test
    void aSecondRun_changesNothing_idempotence() throws IOException {
        Path classes = ecj(PROGRAM);
        assertEquals(0, run("--classpath", System.getProperty("java.class.path"), classes.toString()).status);
        Map<String, byte[]> once = Ecj.classes(classes);
        Result again = run("-v", "--classpath", System.getProperty("java.class.path"), classes.toString());
        assertEquals(0, again.status, again.err);
        assertEquals("", again.out);
        Map<String, byte[]> twice = Ecj.classes(classes);
        for (String name : once.keySet()) {
            assertArrayEquals(once.get(name), twice.get(name), name);
        }
    }

    @Test
    void aJar_isRewrittenInPlace_keepingEntryOrderTimesAndOtherEntries_andTheSameJarGivesTheSameBytes_C5() throws IOException {
        Path classes = ecj(PROGRAM);
        Path first = jar(classes, temp.resolve("first.jar"));
        Path second = jar(classes, temp.resolve("second.jar"));
        List<String> namesBefore = names(first);
        assertEquals(0, run("--classpath", System.getProperty("java.class.path"), first.toString()).status);
        assertEquals(0, run("--classpath", System.getProperty("java.class.path"), second.toString()).status);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second), "the same jar in, the same jar out");
        assertEquals(namesBefore, names(first));
        try (ZipFile zip = new ZipFile(first.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                assertEquals(FileTime.fromMillis(1_000_000_000_000L).toMillis(), entry.getTime(), entry.getName());
            }
            assertEquals("hello", new String(zip.getInputStream(zip.getEntry("notes.txt")).readAllBytes(), StandardCharsets.UTF_8));
            byte[] plainBefore = Files.readAllBytes(classes.resolve("p/Locks.class"));
            assertFalse(java.util.Arrays.equals(plainBefore, zip.getInputStream(zip.getEntry("p/Locks.class")).readAllBytes()));
        }
        byte[] rewritten = Files.readAllBytes(first);
        assertEquals(0, run("--classpath", System.getProperty("java.class.path"), first.toString()).status);
        assertArrayEquals(rewritten, Files.readAllBytes(first), "a jar with nothing to do is not written");
    }

    @Test
    void check_reportsButWritesNothing() throws IOException {
        Path classes = ecj(PROGRAM);
        Map<String, byte[]> before = Ecj.classes(classes);
        Result result = run("--check", "-v", "--classpath", System.getProperty("java.class.path"), classes.toString());
        assertEquals(0, result.status, result.err);
        assertTrue(result.out.startsWith("jdefer: p.Locks.locked(I)I: open-coded"), result.out);
        assertArrayEquals(before.get("p.Locks"), Ecj.classes(classes).get("p.Locks"));
    }

    @Test
    void anError_namesClassAndMethod_exits1_andWritesNothing() throws IOException {
        Path classes = ecj(PROGRAM, OUTSIDE);
        Map<String, byte[]> before = Ecj.classes(classes);
        Result result = run("--classpath", System.getProperty("java.class.path"), classes.toString());
        assertEquals(1, result.status);
        assertTrue(result.err.contains("jdefer: error: [jdefer:OUTSIDE_SCOPE] p.Outside.run()V: defer(...) outside a @Deferred scope"),
                result.err);
        assertTrue(result.err.contains("nothing was written"), result.err);
        assertArrayEquals(before.get("p.Locks"), Ecj.classes(classes).get("p.Locks"), "all or nothing");
    }

    @Test
    void aClassTheFramesNeed_missingFromThePath_isAnErrorNamingIt() throws IOException {
        Path classes = ecj("""
                package p;
                import static io.jdefer.Defers.*;
                import io.jdefer.*;
                public class Merges {
                    @Deferred static Object pick(int n) {
                        defer(() -> {});
                        lib.Base chosen = n > 0 ? new lib.A() : new lib.B();
                        return chosen;
                    }
                }
                """, "package lib;\npublic class Base {}", "package lib;\npublic class A extends Base {}",
                "package lib;\npublic class B extends Base {}");
        for (String name : List.of("Base", "A", "B")) {
            Files.delete(classes.resolve("lib/" + name + ".class"));
        }
        Result result = run("--classpath", System.getProperty("java.class.path"), classes.toString());
        assertEquals(1, result.status, result.err);
        assertTrue(result.err.contains("p.Merges") && result.err.contains("pick") && result.err.contains("have no class file for lib."),
                result.err);
    }

    @Test
    void aFileThatIsNoClassFile_isAnErrorNamingTheFile() throws IOException {
        Path classes = ecj(PROGRAM);
        Path broken = classes.resolve("p/Broken.class");
        Files.write(broken, new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 9, 99});
        Result result = run("--classpath", System.getProperty("java.class.path"), classes.toString());
        assertEquals(1, result.status, result.err);
        assertTrue(result.err.contains(broken + ": [jdefer:INTERNAL]"), result.err);
    }

    @Test
    void badCommandLines_exit2_withTheUsage() throws IOException {
        assertEquals(2, run().status);
        assertEquals(2, run("--frobnicate", temp.toString()).status);
        assertEquals(2, run("--classpath").status);
        Files.writeString(temp.resolve("x.txt"), "x");
        Result notAJar = run(temp.resolve("x.txt").toString());
        assertEquals(2, notAJar.status);
        assertTrue(notAJar.err.contains("neither a classes directory nor a jar"), notAJar.err);
        Result help = run("--help");
        assertEquals(0, help.status);
        assertTrue(help.out.contains("exit status"), help.out);
    }

    private Path ecj(String... sources) throws IOException {
        Path out = Files.createTempDirectory(temp, "classes");
        Ecj.compileTo(out, sources);
        return out;
    }

    /** A jar of {@code classes} with a text entry between them and fixed times. */
    private static Path jar(Path classes, Path jar) throws IOException {
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(classes)) {
            walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream out = new ZipOutputStream(file)) {
            boolean notes = false;
            for (Path path : files) {
                put(out, classes.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
                if (!notes) {
                    put(out, "notes.txt", "hello".getBytes(StandardCharsets.UTF_8));
                    notes = true;
                }
            }
        }
        return jar;
    }

    private static void put(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(1_000_000_000_000L);
        out.putNextEntry(entry);
        out.write(bytes);
        out.closeEntry();
    }

    private static List<String> names(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> names = new ArrayList<>();
            zip.stream().forEach(e -> names.add(e.getName()));
            return names;
        }
    }

    private record Result(int status, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
