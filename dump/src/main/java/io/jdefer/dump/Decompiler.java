package io.jdefer.dump;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Manifest;
import org.jetbrains.java.decompiler.api.Decompiler.Builder;
import org.jetbrains.java.decompiler.main.extern.IContextSource;
import org.jetbrains.java.decompiler.main.extern.IFernflowerLogger;
import org.jetbrains.java.decompiler.main.extern.IFernflowerPreferences;
import org.jetbrains.java.decompiler.main.extern.IResultSaver;

/**
 * {@code --java}: the rewritten classes decompiled to Java source with Vineflower, in memory, so a
 * user can read what jdefer made of a method. Synthetic members stay visible: an open-coded
 * epilogue calls the {@code lambda$...} bodies directly, and hiding them would hide the actions.
 */
public final class Decompiler {
    private Decompiler() {}

    /** Java source per top-level class (by internal name) of {@code classes} (internal name to bytes). */
    public static Map<String, String> decompile(Map<String, byte[]> classes) {
        Map<String, String> sources = new TreeMap<>();
        Saver saver = new Saver(sources);
        new Builder()
                .inputs(new MemorySource(classes))
                .output(saver)
                .logger(new QuietLogger())
                .option(IFernflowerPreferences.REMOVE_SYNTHETIC, "0")
                .option(IFernflowerPreferences.REMOVE_BRIDGE, "1")
                .option(IFernflowerPreferences.DECOMPILE_GENERIC_SIGNATURES, "1")
                .option(IFernflowerPreferences.INDENT_STRING, "    ")
                .option(IFernflowerPreferences.NEW_LINE_SEPARATOR, "1")
                .option(IFernflowerPreferences.THREADS, "1")
                .option(IFernflowerPreferences.BANNER, "")
                .build()
                .decompile();
        return sources;
    }

    /**
     * jdefer's catch-all handler stores the pending throwable and falls into the epilogue, which
     * Vineflower renders as {@code finally { break label; }} with a request to report it: the shape
     * is jdefer's, not a Vineflower bug, so the request goes (docs/dump.md explains the shape).
     */
    static String tidy(String source) {
        return source.replaceAll("(?m)^[ \\t]*// Please report this to the Vineflower issue tracker.*\\R", "");
    }

    private static final class MemorySource implements IContextSource {
        private final Map<String, byte[]> classes;

        MemorySource(Map<String, byte[]> classes) {
            this.classes = classes;
        }

        @Override
        public String getName() {
            return "jdefer-dump";
        }

        @Override
        public Entries getEntries() {
            List<Entry> entries = new ArrayList<>();
            for (String name : classes.keySet()) {
                entries.add(Entry.atBase(name));
            }
            return new Entries(entries, List.of(), List.of());
        }

        @Override
        public InputStream getInputStream(String resource) {
            String name = resource.endsWith(CLASS_SUFFIX) ? resource.substring(0, resource.length() - CLASS_SUFFIX.length()) : resource;
            byte[] bytes = classes.get(name);
            return bytes == null ? null : new ByteArrayInputStream(bytes);
        }

        @Override
        public IOutputSink createOutputSink(IResultSaver saver) {
            return new IOutputSink() {
                @Override
                public void begin() {}

                @Override
                public void acceptClass(String qualifiedName, String fileName, String content, int[] mapping) {
                    if (content != null) {
                        saver.saveClassFile("", qualifiedName, fileName, content, mapping);
                    }
                }

                @Override
                public void acceptDirectory(String directory) {}

                @Override
                public void acceptOther(String path) {}

                @Override
                public void close() {}
            };
        }
    }

    private static final class Saver implements IResultSaver {
        private final Map<String, String> sources;

        Saver(Map<String, String> sources) {
            this.sources = sources;
        }

        @Override
        public void saveClassFile(String path, String qualifiedName, String entryName, String content, int[] mapping) {
            sources.put(qualifiedName, tidy(content));
        }

        @Override
        public void saveFolder(String path) {}

        @Override
        public void copyFile(String source, String path, String entryName) {}

        @Override
        public void createArchive(String path, String archiveName, Manifest manifest) {}

        @Override
        public void saveDirEntry(String path, String archiveName, String entryName) {}

        @Override
        public void copyEntry(String source, String path, String archiveName, String entry) {}

        @Override
        public void saveClassEntry(String path, String archiveName, String qualifiedName, String entryName, String content) {
            sources.put(qualifiedName, tidy(content));
        }

        @Override
        public void closeArchive(String path, String archiveName) {}
    }

    private static final class QuietLogger extends IFernflowerLogger {
        @Override
        public void writeMessage(String message, Severity severity) {
            if (severity == Severity.ERROR) {
                System.err.println("vineflower: " + message);
            }
        }

        @Override
        public void writeMessage(String message, Severity severity, Throwable t) {
            writeMessage(message + ": " + t, severity);
        }
    }
}
