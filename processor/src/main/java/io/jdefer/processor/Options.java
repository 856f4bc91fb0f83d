package io.jdefer.processor;

import java.util.Map;
import java.util.Set;

/** The processor's {@code -A} options (SPEC C6). */
record Options(boolean verbose, boolean rewrite) {
    static final String VERBOSE = "jdefer.verbose";
    static final String REWRITE = "jdefer.rewrite";
    static final Set<String> NAMES = Set.of(VERBOSE, REWRITE);

    static Options of(Map<String, String> options) {
        String verbose = options.get(VERBOSE);
        boolean isVerbose = options.containsKey(VERBOSE) && (verbose == null || !verbose.equalsIgnoreCase("false"));
        return new Options(isVerbose, !"false".equalsIgnoreCase(options.get(REWRITE)));
    }
}
