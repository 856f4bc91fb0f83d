package io.jdefer.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** The test harness: runs the command in-process, compiles the fixed inputs, compares goldens. */
final class Dump {
    static final Path INPUTS = Path.of("src/test/resources/inputs");
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    /** {@code -Djdefer.dump.updateGoldens=true} rewrites the golden files instead of comparing. */
    static final boolean UPDATE = Boolean.getBoolean("jdefer.dump.updateGoldens");

    record Result(int status, String out, String err) {}

    private Dump() {}

    static Path input(String name) {
        return INPUTS.resolve("g").resolve(name);
    }

    static Result run(Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = args[i].toString();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = DumpCommand.run(strings, new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    /** Compares {@code actual} with the golden file {@code name}, or rewrites it under {@link #UPDATE}. */
    static void assertGolden(String name, String actual) {
        Path file = GOLDEN.resolve(name);
        try {
            if (UPDATE) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual,
                    "golden " + file + " differs; if the change is intended, rerun with -Djdefer.dump.updateGoldens=true and review the diff");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles inputs (names under inputs/g) with the processor, {@code --release 17}, into a fresh directory. */
    static Path compile(Path directory, String... names) throws IOException {
        List<Path> sources = java.util.Arrays.stream(names).map(Dump::input).collect(java.util.stream.Collectors.toList());
        SourceCompiler.Result result = new SourceCompiler(List.of(), List.of("--release", "17")).compile(sources);
        for (Map.Entry<String, byte[]> entry : result.after().entrySet()) {
            Path file = directory.resolve(entry.getKey() + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
        }
        return directory;
    }

    static Path jar(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             java.util.stream.Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The code line of a .java dump shows "before -> after"; a class file has only "after". */
    static String withoutSizesBefore(String listing) {
        return listing.replaceAll("(?m)^(  code        )\\d+ -> ", "$1");
    }
}
