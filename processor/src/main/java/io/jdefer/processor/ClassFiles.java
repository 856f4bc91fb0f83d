package io.jdefer.processor;

import com.sun.source.tree.CompilationUnitTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.annotation.processing.Filer;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Reads the class file javac just wrote and writes the rewritten one back (SPEC section 5):
 * through {@link Filer#getResource} and {@link Filer#createResource} in {@code CLASS_OUTPUT}, so
 * that the compiler's own file manager holds the rewritten bytes. That matters where the file
 * manager writes the files itself: IntelliJ's builder (JPS) and in-memory compiles keep javac's
 * output in memory and write it after javac, so bytes put straight on disk during GENERATE would
 * be overwritten with the unrewritten ones. Two cases are written to the file directly instead: a
 * class file that is on disk exactly as the file manager served it (javac's own file manager,
 * which wrote it there; a second write through it is a {@code -Xlint:output-file-clash} warning on
 * JDK 25, which {@code -Werror} turns into a failure), and a class file found beside its source
 * (javac without {@code -d}, outside any location of the file manager).
 */
final class ClassFiles {
    private final Filer filer;
    private final Elements elements;

    ClassFiles(Filer filer, Elements elements) {
        this.filer = filer;
        this.elements = elements;
    }

    /**
     * Where a class file is and what it holds; {@code direct} when it is written back to its path
     * rather than through the Filer: found beside its source (javac without {@code -d}), or
     * already on disk with the bytes the file manager served.
     */
    record ClassFile(String packageName, String relativeName, URI uri, byte[] bytes, boolean direct) {}

    /**
     * Whether the file manager's file is the file on disk: a {@code file:} URI whose file holds
     * {@code bytes}. The Filer wraps every file object, so its class says nothing; the disk does.
     * A file manager that keeps its output in memory has not written it yet.
     */
    private static boolean onDiskAsServed(URI uri, byte[] bytes) {
        if (!"file".equals(uri.getScheme())) {
            return false;
        }
        try {
            Path path = Path.of(uri);
            return Files.isRegularFile(path) && Files.size(path) == bytes.length && Arrays.equals(Files.readAllBytes(path), bytes);
        } catch (IOException | RuntimeException unreadable) {
            return false; // then through the Filer, which served the bytes
        }
    }

    ClassFile read(TypeElement type, CompilationUnitTree unit) throws IOException {
        PackageElement pkg = elements.getPackageOf(type);
        String packageName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
        String binaryName = elements.getBinaryName(type).toString();
        String relativeName = (packageName.isEmpty() ? binaryName : binaryName.substring(packageName.length() + 1)) + ".class";
        IOException failure;
        try {
            FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, packageName, relativeName);
            byte[] bytes;
            try (InputStream in = file.openInputStream()) {
                bytes = in.readAllBytes();
            }
            return new ClassFile(packageName, relativeName, file.toUri(), bytes, onDiskAsServed(file.toUri(), bytes));
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            // e.g. an in-memory file manager whose output objects cannot be read back
            failure = new IOException(e.toString(), e);
        }
        URI source = unit == null ? null : unit.getSourceFile().toUri();
        if (source != null && "file".equals(source.getScheme())) {
            Path beside = Path.of(source).resolveSibling(relativeName);
            if (Files.isRegularFile(beside)) {
                return new ClassFile(packageName, relativeName, beside.toUri(), Files.readAllBytes(beside), true);
            }
        }
        throw failure;
    }

    void write(ClassFile file, byte[] bytes) throws IOException {
        if (file.direct()) {
            Files.write(Path.of(file.uri()), bytes);
            return;
        }
        FileObject out = filer.createResource(StandardLocation.CLASS_OUTPUT, file.packageName(), file.relativeName());
        try (OutputStream stream = out.openOutputStream()) {
            stream.write(bytes);
        }
    }
}
