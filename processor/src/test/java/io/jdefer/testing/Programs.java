package io.jdefer.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles a test program once per strategy and keeps it: a template's {@code STRATEGY} placeholder
 * becomes {@code AUTO}, {@code INLINE} or {@code FRAME}, so the same behaviour is checked on both
 * lowerings (SPEC section 8), by the front end {@link FrontEnd#current()} names.
 */
public final class Programs {
    private static final Map<String, Compilation> CACHE = new ConcurrentHashMap<>();

    private Programs() {}

    public static Compilation compile(String template, String strategy) {
        return compile(strategy, new String[] {template});
    }

    /** Several source templates compiled together, each with {@code STRATEGY} replaced. */
    public static Compilation compile(String strategy, String... templates) {
        String[] texts = new String[templates.length];
        for (int i = 0; i < templates.length; i++) {
            texts[i] = templates[i].replace("STRATEGY", strategy);
        }
        return CACHE.computeIfAbsent(String.join("\u0000", texts), key -> FrontEnd.current().compile(texts).assertVerifies());
    }
}
