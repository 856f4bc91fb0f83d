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
 * through {@link Filer#getResource} in {@code CLASS_OUTPUT}; back to the same path when its URI is
 * a file, otherwise through {@link Filer#createResource} (in-memory file managers). Without
 * {@code -d}, javac writes a class file beside its source; that place is tried too.
 */
final class ClassFiles {
    private final Filer filer;
    private final Elements elements;

    ClassFiles(Filer filer, Elements elements) {
        this.filer = filer;
        this.elements = elements;
    }

    /** Where a class file is and what it holds. */
    record ClassFile(String packageName, String relativeName, URI uri, byte[] bytes) {}

    ClassFile read(TypeElement type, CompilationUnitTree unit) throws IOException {
        PackageElement pkg = elements.getPackageOf(type);
        String packageName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
        String binaryName = elements.getBinaryName(type).toString();
        String relativeName = (packageName.isEmpty() ? binaryName : binaryName.substring(packageName.length() + 1)) + ".class";
        IOException failure;
        try {
            FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, packageName, relativeName);
            try (InputStream in = file.openInputStream()) {
                return new ClassFile(packageName, relativeName, file.toUri(), in.readAllBytes());
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
                return new ClassFile(packageName, relativeName, beside.toUri(), Files.readAllBytes(beside));
            }
        }
        throw failure;
    }

    void write(ClassFile file, byte[] bytes) throws IOException {
        if ("file".equals(file.uri().getScheme())) {
            Files.write(Path.of(file.uri()), bytes);
            return;
        }
        FileObject out = filer.createResource(StandardLocation.CLASS_OUTPUT, file.packageName(), file.relativeName());
        try (OutputStream stream = out.openOutputStream()) {
            stream.write(bytes);
        }
    }
}
