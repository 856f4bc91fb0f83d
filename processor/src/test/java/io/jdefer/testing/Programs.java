package io.jdefer.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles a test program once per strategy and keeps it: a template's {@code STRATEGY} placeholder
 * becomes {@code AUTO}, {@code INLINE} or {@code FRAME}, so the same behaviour is checked on both
 * lowerings (SPEC section 8).
 */
public final class Programs {
    private static final Map<String, Compilation> CACHE = new ConcurrentHashMap<>();

    private Programs() {}

    public static Compilation compile(String template, String strategy) {
        String text = template.replace("STRATEGY", strategy);
        return CACHE.computeIfAbsent(text, t -> Javac.javac().compile(t).assertSuccess().assertVerifies());
    }
}
