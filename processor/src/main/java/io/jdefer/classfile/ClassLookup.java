package io.jdefer.classfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.List;

/**
 * Class files by internal name ({@code com/acme/Outer$Inner}), for what the rewriter must know
 * about classes other than the one it rewrites: the enclosing classes of a nested class (its
 * {@code @Deferred} scope) and the supertypes of the types its frames merge (SPEC section 5).
 * Bytes only: a lookup never loads, links or initializes a class.
 */
@FunctionalInterface
public interface ClassLookup {
    /** The class file of {@code internalName}, or {@code null} when this lookup has none. */
    byte[] find(String internalName);

    /** The first of {@code lookups} that has the class. */
    static ClassLookup firstOf(List<ClassLookup> lookups) {
        List<ClassLookup> copy = List.copyOf(lookups);
        return name -> {
            for (ClassLookup lookup : copy) {
                byte[] bytes = lookup.find(name);
                if (bytes != null) {
                    return bytes;
                }
            }
            return null;
        };
    }

    /**
     * The class files a class loader can see as resources ({@code ClassLoader.getResource}): the
     * agent's view, parent first as the loader itself delegates. {@code null} means the bootstrap
     * loader, read through the platform loader, which delegates to it.
     */
    static ClassLookup ofLoader(ClassLoader loader) {
        ClassLoader resources = loader != null ? loader : ClassLoader.getPlatformClassLoader();
        return name -> {
            URL url = resources.getResource(name + ".class");
            if (url == null) {
                return null;
            }
            try (InputStream in = url.openStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + url, e);
            }
        };
    }

    /** The JDK's own classes (the run-time image of the JVM that runs jdefer). */
    static ClassLookup jdk() {
        return ofLoader(null);
    }
}
