package io.jdefer.processor;

import java.util.Map;
import java.util.Set;

/**
 * The processor's {@code -A} options (SPEC C6). {@code rewriteLater} says the user rewrites the
 * classes after another compiler (post-compile step or agent), which turns the NOT_JAVAC error
 * into a note.
 */
record Options(boolean verbose, boolean rewrite, boolean rewriteLater) {
    static final String VERBOSE = "jdefer.verbose";
    static final String REWRITE = "jdefer.rewrite";
    static final String REWRITE_LATER = "jdefer.rewriteLater";
    static final Set<String> NAMES = Set.of(VERBOSE, REWRITE, REWRITE_LATER);

    static Options of(Map<String, String> options) {
        return new Options(flag(options, VERBOSE), !"false".equalsIgnoreCase(options.get(REWRITE)), flag(options, REWRITE_LATER));
    }

    /** {@code -Aname} and {@code -Aname=true} set a flag; {@code -Aname=false} does not. */
    private static boolean flag(Map<String, String> options, String name) {
        String value = options.get(name);
        return options.containsKey(name) && (value == null || !value.equalsIgnoreCase("false"));
    }
}
