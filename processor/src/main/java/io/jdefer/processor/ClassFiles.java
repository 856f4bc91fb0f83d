package io.jdefer.processor;

import com.sun.source.tree.CompilationUnitTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * be overwritten with the unrewritten ones. Without {@code -d}, javac writes a class file beside its
 * source, outside any location of the file manager; that place is tried too, and written directly.
 */
final class ClassFiles {
    private final Filer filer;
    private final Elements elements;

    ClassFiles(Filer filer, Elements elements) {
        this.filer = filer;
        this.elements = elements;
    }

    /**
     * Where a class file is and what it holds; {@code besideSource} when it was found beside its
     * source (javac without {@code -d}) rather than in the file manager's class output.
     */
    record ClassFile(String packageName, String relativeName, URI uri, byte[] bytes, boolean besideSource) {}

    ClassFile read(TypeElement type, CompilationUnitTree unit) throws IOException {
        PackageElement pkg = elements.getPackageOf(type);
        String packageName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
        String binaryName = elements.getBinaryName(type).toString();
        String relativeName = (packageName.isEmpty() ? binaryName : binaryName.substring(packageName.length() + 1)) + ".class";
        IOException failure;
        try {
            FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, packageName, relativeName);
            try (InputStream in = file.openInputStream()) {
                return new ClassFile(packageName, relativeName, file.toUri(), in.readAllBytes(), false);
            }
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
        if (file.besideSource()) {
            Files.write(Path.of(file.uri()), bytes);
            return;
        }
        FileObject out = filer.createResource(StandardLocation.CLASS_OUTPUT, file.packageName(), file.relativeName());
        try (OutputStream stream = out.openOutputStream()) {
            stream.write(bytes);
        }
    }
}
