package io.jdefer.testing;

import io.jdefer.postcompile.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Which front end turns a test program into the classes a test runs (SPEC section 5, C6): the
 * system property {@code jdefer.test.frontend} chooses, so that the same behaviour tests run on
 * every route (the processor's surefire execution sets none; see processor/pom.xml for the others).
 * <ul>
 *   <li>{@code javac}: javac with the processor (the default);
 *   <li>{@code ecj-postcompile}: ECJ without any processor, then {@code java -jar jdefer-processor.jar
 *       <classes dir>}, in process through {@link Main#run};
 *   <li>{@code ecj-agent}: ECJ without any processor, loaded from a classes directory as an IDE
 *       run does, in a JVM started with {@code -javaagent:jdefer-processor.jar}: the agent rewrites
 *       at load time, and the bytes a test reads are ECJ's.
 * </ul>
 */
public enum FrontEnd {
    JAVAC,
    ECJ_POSTCOMPILE,
    ECJ_AGENT;

    public static FrontEnd current() {
        return valueOf(System.getProperty("jdefer.test.frontend", "javac").toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    public Compilation compile(String... texts) {
        switch (this) {
            case JAVAC:
                return Javac.javac().compile(texts).assertSuccess();
            case ECJ_POSTCOMPILE:
                return postCompiled(texts);
            default:
                return agentLoaded(texts);
        }
    }

    /** ECJ's classes rewritten in place by the post-compile step; its verbose lines are checked to be there. */
    public static Compilation postCompiled(String... texts) {
        Path out = temporary();
        try {
            Ecj.compileTo(out, texts);
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int status = Main.run(new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8),
                    "--verbose", "--classpath", System.getProperty("java.class.path"), out.toString());
            if (status != 0) {
                throw new AssertionError("post-compile step exited " + status + ":\n" + errors.toString(StandardCharsets.UTF_8));
            }
            if (printed.size() == 0) {
                throw new AssertionError("post-compile step rewrote no method");
            }
            return new Compilation(true, List.of(), Ecj.classes(out));
        } finally {
            Ecj.deleteTree(out);
        }
    }

    /** ECJ's classes as they are, loaded from a directory (kept until the JVM exits) for the agent to rewrite. */
    public static Compilation agentLoaded(String... texts) {
        Path out = temporary();
        Ecj.compileTo(out, texts);
        try {
            URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, Compilation.class.getClassLoader());
            return new Compilation(true, List.of(), Ecj.classes(out), loader);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path temporary() {
        try {
            return Files.createTempDirectory("jdefer-" + current().name().toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
