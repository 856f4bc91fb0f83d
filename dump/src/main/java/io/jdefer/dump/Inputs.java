package io.jdefer.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.objectweb.asm.ClassReader;

/**
 * The classes to dump, from any mix of inputs: a {@code .class} file, a directory of class files,
 * a jar, or {@code .java} files (compiled together by {@link SourceCompiler}, rewritten and not).
 * Also where to find sources, for the listing's interleaved lines.
 */
public final class Inputs {
    /** Class files to dump, by internal name, sorted. */
    final Map<String, byte[]> classes = new TreeMap<>();
    /** For {@code .java} inputs: the same classes as javac alone wrote them. */
    final Map<String, byte[]> before = new TreeMap<>();
    /** Other class files that may answer scope questions (an outer class next to a single class file). */
    private final Map<Path, String> siblings = new HashMap<>();
    private final List<Path> sourceRoots = new ArrayList<>();
    private final Map<String, List<String>> sourceFiles = new HashMap<>();
    final List<String> diagnostics = new ArrayList<>();
    /** {@code --classpath}: directories and jars that answer {@link #lookup} after the inputs. */
    private final List<Path> classPath = new ArrayList<>();

    private Inputs() {}

    public static Inputs load(List<Path> paths, List<Path> sourcePath, SourceCompiler compiler) {
        Inputs inputs = new Inputs();
        inputs.sourceRoots.addAll(sourcePath);
        List<Path> javaFiles = new ArrayList<>();
        try {
            for (Path path : paths) {
                String name = path.getFileName() == null ? "" : path.getFileName().toString();
                if (!Files.exists(path)) {
                    throw new DumpException("no such file or directory: " + path);
                } else if (Files.isDirectory(path)) {
                    inputs.classes.putAll(SourceCompiler.readClasses(path));
                    inputs.sourceRoots.add(path);
                } else if (name.endsWith(".java")) {
                    javaFiles.add(path);
                } else if (name.endsWith(".jar")) {
                    inputs.readJar(path);
                } else if (name.endsWith(".class")) {
                    inputs.readClassFile(path);
                } else {
                    throw new DumpException("not a .class, .jar, .java file or a directory: " + path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!javaFiles.isEmpty()) {
            SourceCompiler.Result result = compiler.compile(javaFiles);
            inputs.classes.putAll(result.after());
            inputs.before.putAll(result.before());
            inputs.diagnostics.addAll(result.diagnostics());
            for (Path file : javaFiles) {
                inputs.indexSource(file);
            }
        }
        return inputs;
    }

    /** Also looks classes up in {@code entries} (directories and jars), after the inputs. */
    Inputs withClassPath(List<String> entries) {
        for (String entry : entries) {
            classPath.add(Path.of(entry));
        }
        return this;
    }

    /** A class file by internal name: from the inputs, next to a single class file given, or on the class path. */
    byte[] lookup(String internalName) {
        byte[] bytes = classes.get(internalName);
        if (bytes != null) {
            return bytes;
        }
        for (Map.Entry<Path, String> root : siblings.entrySet()) {
            Path file = root.getKey().resolve(internalName + ".class");
            if (Files.isRegularFile(file)) {
                try {
                    return Files.readAllBytes(file);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return fromClassPath(internalName);
    }

    private byte[] fromClassPath(String internalName) {
        for (Path entry : classPath) {
            try {
                if (Files.isDirectory(entry)) {
                    Path file = entry.resolve(internalName + ".class");
                    if (Files.isRegularFile(file)) {
                        return Files.readAllBytes(file);
                    }
                } else if (Files.isRegularFile(entry)) {
                    try (JarFile jar = new JarFile(entry.toFile())) {
                        JarEntry found = jar.getJarEntry(internalName + ".class");
                        if (found != null) {
                            try (InputStream in = jar.getInputStream(found)) {
                                return in.readAllBytes();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return null;
    }

    /** The lines of the source of {@code className} (internal name) with {@code SourceFile} {@code sourceFile}, or {@code null}. */
    List<String> source(String className, String sourceFile) {
        if (sourceFile == null) {
            return null;
        }
        int slash = className.lastIndexOf('/');
        String relative = (slash < 0 ? "" : className.substring(0, slash + 1)) + sourceFile;
        List<String> known = sourceFiles.get(relative);
        if (known != null) {
            return known;
        }
        for (Path root : sourceRoots) {
            Path file = root.resolve(relative);
            if (Files.isRegularFile(file)) {
                try {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    sourceFiles.put(relative, lines);
                    return lines;
                } catch (IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private void indexSource(Path file) throws UncheckedIOException {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            String pkg = "";
            for (String line : lines) {
                String trimmed = line.strip();
                if (trimmed.startsWith("package ") && trimmed.endsWith(";")) {
                    pkg = trimmed.substring("package ".length(), trimmed.length() - 1).strip().replace('.', '/') + "/";
                    break;
                }
            }
            sourceFiles.put(pkg + file.getFileName(), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readClassFile(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String name;
        try {
            name = new ClassReader(bytes).getClassName();
        } catch (RuntimeException e) {
            throw new DumpException("not a class file: " + file + " (" + e + ")");
        }
        classes.put(name, bytes);
        // The class path root this file sits in: its directory, up one level per package segment.
        Path root = file.toAbsolutePath().getParent();
        for (int i = 0; i < name.split("/").length - 1 && root != null; i++) {
            root = root.getParent();
        }
        if (root != null) {
            siblings.put(root, name);
            sourceRoots.add(root);
        }
    }

    private void readJar(Path path) throws IOException {
        try (JarFile jar = new JarFile(path.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    classes.put(name.substring(0, name.length() - ".class".length()), in.readAllBytes());
                }
            }
        }
    }
}
