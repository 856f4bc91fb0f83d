package io.jdefer.postcompile;

import io.jdefer.classfile.ClassFileRewrite;
import io.jdefer.classfile.ClassLookup;
import io.jdefer.classfile.RewriteOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A jar rewritten in place: its entries in their order, with their times, extra fields, comments
 * and compression methods, only the rewritten classes' contents changed, so that the same jar in
 * gives the same jar out (SPEC C5). A jar that needs no change is not written at all. A signed jar
 * that needs a change is an error: rewriting would break its signatures.
 */
final class JarRewrite implements Main.Target {
    private final Path jar;
    private final List<RewriteOutcome> outcomes;
    private final Map<String, byte[]> changed;

    private JarRewrite(Path jar, List<RewriteOutcome> outcomes, Map<String, byte[]> changed) {
        this.jar = jar;
        this.outcomes = outcomes;
        this.changed = changed;
    }

    static JarRewrite rewrite(Path jar, ClassLookup lookup, boolean check) throws IOException {
        List<RewriteOutcome> outcomes = new ArrayList<>();
        Map<String, byte[]> changed = new LinkedHashMap<>();
        boolean signed = false;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                signed |= name.startsWith("META-INF/") && (name.endsWith(".SF") || name.endsWith(".RSA")
                        || name.endsWith(".DSA") || name.endsWith(".EC"));
                if (entry.isDirectory() || !name.endsWith(".class")) {
                    continue;
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                RewriteOutcome outcome = ClassFileRewrite.rewrite(bytes, lookup, check).from(jar + "!/" + name);
                if (outcome.changed()) {
                    changed.put(name, outcome.bytes());
                }
                outcomes.add(outcome);
            }
        }
        if (signed && (!changed.isEmpty() || check && outcomes.stream().anyMatch(o -> !o.methods().isEmpty()))) {
            outcomes.add(new RewriteOutcome(null, null, List.of(), List.of("[jdefer:INTERNAL] " + jar + " is signed, and rewriting"
                    + " its classes would break the signatures; rewrite the classes before signing the jar"), false));
            changed.clear();
        }
        return new JarRewrite(jar, outcomes, changed);
    }

    @Override
    public List<RewriteOutcome> outcomes() {
        return outcomes;
    }

    @Override
    public void write() throws IOException {
        if (changed.isEmpty()) {
            return;
        }
        Path temporary = jar.resolveSibling(jar.getFileName() + ".jdefer-tmp");
        try (ZipFile zip = new ZipFile(jar.toFile());
             OutputStream file = Files.newOutputStream(temporary);
             ZipOutputStream out = new ZipOutputStream(file)) {
            if (zip.getComment() != null) {
                out.setComment(zip.getComment());
            }
            for (ZipEntry entry : Collections.list(zip.entries())) {
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                byte[] replaced = changed.get(entry.getName());
                if (replaced != null) {
                    bytes = replaced;
                }
                out.putNextEntry(copy(entry, bytes));
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        try {
            Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The entry's metadata for {@code bytes}: sizes and checksum recomputed, the compressed size left to the stream. */
    private static ZipEntry copy(ZipEntry entry, byte[] bytes) {
        ZipEntry copy = new ZipEntry(entry);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        copy.setSize(bytes.length);
        copy.setCrc(crc.getValue());
        if (copy.getMethod() == ZipEntry.STORED) {
            copy.setCompressedSize(bytes.length);
        } else {
            copy.setCompressedSize(-1);
        }
        return copy;
    }
}
