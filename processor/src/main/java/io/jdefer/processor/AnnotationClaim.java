package io.jdefer.processor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether jdefer may claim the annotations of a round (docs/decisions.md D14, SPEC C6 "a clean
 * build stays clean under {@code -Werror -Xlint:all}").
 *
 * <p>javac, with {@code -Xlint:processing}, warns about every annotation of a round that no
 * processor claimed ("No processor claimed any of these annotations"), platform annotations
 * excepted; it does so only when some processor runs. jdefer supports {@code *} (D12), so with
 * jdefer on the path a class using {@code @Test} or {@code @Nullable} would warn, and
 * {@code -Werror} would fail a build that is clean without jdefer. Claiming everything silences
 * that, but javac offers a claimed annotation to no later processor, and stops consulting
 * processors once all are claimed: a processor after jdefer (Lombok, MapStruct, AutoValue) would
 * never run. So jdefer claims only when it knows it is the last processor javac consults: javac
 * found it by service discovery ({@link java.util.ServiceLoader} created it), and the last entry
 * of the {@code META-INF/services} files its class loader sees, in the order {@code ServiceLoader}
 * reads them, is jdefer's. Otherwise (explicit {@code -processor} lists, {@code setProcessors},
 * Gradle's own discovery, module paths) it claims nothing, as before.
 */
final class AnnotationClaim {
    static final String SERVICES = "META-INF/services/javax.annotation.processing.Processor";

    private AnnotationClaim() {}

    /** True when the caller's constructor runs under {@code ServiceLoader}: javac's service discovery. */
    static boolean createdByServiceLoader() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(f -> f.getClassName().startsWith("java.util.ServiceLoader")));
    }

    /**
     * True when {@code self} is the last processor {@code ServiceLoader} finds through its class
     * loader, and that loader is a class-path loader (not a module layer).
     */
    static boolean lastDiscovered(Class<?> self) {
        ClassLoader loader = self.getClassLoader();
        if (loader == null || self.getModule().isNamed()) {
            return false;
        }
        List<String> names = providers(loader);
        return !names.isEmpty() && names.get(names.size() - 1).equals(self.getName());
    }

    /** The providers named by the service files, in {@code ServiceLoader}'s order, each once. */
    static List<String> providers(ClassLoader loader) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Enumeration<URL> files = loader.getResources(SERVICES);
            while (files.hasMoreElements()) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(files.nextElement().openStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        int comment = line.indexOf('#');
                        String name = (comment < 0 ? line : line.substring(0, comment)).trim();
                        if (!name.isEmpty()) {
                            names.add(name);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return List.of(); // not sure of the order: claim nothing
        }
        return new ArrayList<>(names);
    }
}
