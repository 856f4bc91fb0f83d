package io.jdefer.classfile;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Class files from class directories and jars, first match in the order given (a class path): the
 * post-compile step's view of its inputs and of {@code --classpath}. Jars stay open until
 * {@link #close()}; an element that does not exist is skipped, as on a class path. A jar is read
 * through its base entries (a multi-release jar's versioned entries are not consulted).
 */
public final class PathLookup implements ClassLookup, Closeable {
    private final List<ClassLookup> elements = new ArrayList<>();
    private final List<ZipFile> jars = new ArrayList<>();

    /** Opens the jars of {@code path}; close the lookup to close them. */
    public PathLookup(List<Path> path) throws IOException {
        try {
            for (Path element : path) {
                if (Files.isDirectory(element)) {
                    elements.add(name -> readFile(element.resolve(name + ".class")));
                } else if (Files.isRegularFile(element)) {
                    ZipFile zip = new ZipFile(element.toFile());
                    jars.add(zip);
                    elements.add(name -> readEntry(zip, name + ".class"));
                }
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Splits a class path string on the platform's separator; empty elements are dropped. */
    public static List<Path> parse(String classPath) {
        List<Path> paths = new ArrayList<>();
        for (String element : classPath.split(File.pathSeparator)) {
            if (!element.isEmpty()) {
                paths.add(Path.of(element));
            }
        }
        return paths;
    }

    @Override
    public byte[] find(String internalName) {
        for (ClassLookup element : elements) {
            byte[] bytes = element.find(internalName);
            if (bytes != null) {
                return bytes;
            }
        }
        return null;
    }

    private static byte[] readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static byte[] readEntry(ZipFile zip, String name) {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null || entry.isDirectory()) {
            return null;
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " in " + zip.getName(), e);
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (ZipFile zip : jars) {
            try {
                zip.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        jars.clear();
        if (first != null) {
            throw first;
        }
    }
}
