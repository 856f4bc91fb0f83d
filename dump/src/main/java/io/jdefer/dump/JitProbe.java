package io.jdefer.dump;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code --jit}: runs one method hot in a child JVM ({@link JitHarness}) with HotSpot's diagnostic
 * flags, and keeps the lines that concern it: its compilations ({@code -XX:+PrintCompilation}),
 * the inlining decisions in and around it ({@code -XX:+PrintInlining}) and, when asked and when an
 * hsdis library loads, its machine code ({@code -XX:CompileCommand=print}). What works on which
 * JDK is in docs/dump.md.
 */
final class JitProbe {
    private final Map<String, byte[]> classes;
    private final List<String> classPath;
    private final int calls;
    private final boolean assembly;
    private final Path hsdis;

    JitProbe(Map<String, byte[]> classes, List<String> classPath, int calls, boolean assembly, Path hsdis) {
        this.classes = classes;
        this.classPath = classPath;
        this.calls = calls;
        this.assembly = assembly;
        this.hsdis = hsdis;
    }

    String run(List<ClassDump> dumps, List<String> names) {
        MethodDump target = null;
        for (ClassDump dump : dumps) {
            for (MethodDump method : dump.methods()) {
                for (String name : names) {
                    if (target == null && !method.instructions().isEmpty()
                            && (method.name().equals(name) || (method.name() + method.descriptor()).startsWith(name))) {
                        target = method;
                    }
                }
            }
        }
        if (target == null) {
            throw new DumpException("--jit needs --method NAME naming a method with code in the input");
        }
        Path directory = null;
        try {
            directory = Files.createTempDirectory("jdefer-dump-jit");
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                Path file = directory.resolve(entry.getKey() + ".class");
                Files.createDirectories(file.getParent());
                Files.write(file, entry.getValue());
            }
            String className = target.owner().replace('/', '.');
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xbatch", "-XX:-TieredCompilation", "-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintCompilation", "-XX:+PrintInlining"));
            if (assembly) {
                command.add("-XX:CompileCommand=print," + className + "::" + target.name());
            }
            command.add("-cp");
            command.add(String.join(File.pathSeparator, classPath(directory)));
            command.addAll(List.of(JitHarness.class.getName(), className, target.name(), target.descriptor(), Integer.toString(calls)));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (hsdis != null) {
                // HotSpot looks for hsdis-<arch>.so next to libjvm, in the JDK's lib, then on the
                // library path: a library in the JDK (Debian's libhsdis0-fcml links one) wins.
                if (!Files.isRegularFile(hsdis) || !hsdis.getFileName().toString().startsWith("hsdis-")) {
                    throw new DumpException("--hsdis wants a file named hsdis-<arch>.so, have " + hsdis);
                }
                String previous = System.getenv("LD_LIBRARY_PATH");
                String hsdisDirectory = hsdis.toAbsolutePath().getParent().toString();
                builder.environment().put("LD_LIBRARY_PATH", previous == null ? hsdisDirectory : hsdisDirectory + File.pathSeparator + previous);
            }
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new DumpException("--jit: the child JVM did not finish in 5 minutes");
            }
            return JitReport.of(new String(output, StandardCharsets.UTF_8), target, process.exitValue(), assembly, command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DumpException("--jit interrupted");
        } finally {
            if (directory != null) {
                SourceCompiler.deleteTree(directory);
            }
        }
    }

    private List<String> classPath(Path directory) {
        List<String> path = new ArrayList<>();
        path.add(directory.toString());
        SourceCompiler.Jars lib = SourceCompiler.jars();
        path.add(lib.annotations().toString());
        path.add(lib.runtime().toString());
        path.addAll(classPath);
        try {
            path.add(Path.of(JitHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        // The harness generates its caller with ASM: in the dump jar ASM is inside; in a build, it is a jar of its own.
        String asm = org.objectweb.asm.ClassWriter.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        if (!path.contains(asm)) {
            path.add(asm);
        }
        return path;
    }
}
