package io.jdefer.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jdt.core.compiler.batch.BatchCompiler;

/**
 * Compiles test sources with ECJ, the Eclipse compiler (in-process, through its {@code BatchCompiler}),
 * without any annotation processor: the "another compiler" of SPEC C6, whose output only the
 * post-compile step or the agent can rewrite. The class path is the test class path.
 */
public final class Ecj {
    private Ecj() {}

    /** Compiles {@code texts} into {@code out}; fails the test on any ECJ error. */
    public static void compileTo(Path out, String... texts) {
        try {
            Path sources = Files.createTempDirectory("jdefer-ecj-src");
            // -preserveAllLocals: else ECJ drops a never-read @Defer local, store and type annotation (docs/setup-frontends.md).
            List<String> args = new ArrayList<>(List.of("-17", "-proc:none", "-nowarn", "-g", "-preserveAllLocals", "-encoding", "UTF-8",
                    "-classpath", System.getProperty("java.class.path"), "-d", out.toString()));
            for (String text : texts) {
                Source source = Source.of(text);
                Path file = sources.resolve(source.path());
                Files.createDirectories(file.getParent());
                Files.writeString(file, text, StandardCharsets.UTF_8);
                args.add(file.toString());
            }
            StringWriter messages = new StringWriter();
            boolean success = BatchCompiler.compile(args.toArray(new String[0]), new PrintWriter(messages), new PrintWriter(messages), null);
            deleteTree(sources);
            if (!success) {
                throw new AssertionError("ECJ failed:\n" + messages);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class files under {@code root}, by binary name. */
    public static java.util.Map<String, byte[]> classes(Path root) {
        try {
            return Javac.readClasses(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
