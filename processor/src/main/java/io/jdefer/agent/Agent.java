package io.jdefer.agent;

import java.lang.instrument.Instrumentation;

/**
 * The agent front end, {@code -javaagent:jdefer-processor.jar[=verbose]} (SPEC section 5, C6,
 * S11): at load time, rewrites every class in {@code @Deferred} scope that was not rewritten at
 * build time (IDE runs, ECJ builds, jshell, {@code java Foo.java}). As JaCoCo's {@code PreMain}
 * does, it only parses its options and registers the transformer; the work is in
 * {@link DeferringTransformer}. Attached later ({@code agentmain}), it rewrites the classes loaded
 * from then on; classes already loaded are not retransformed.
 */
public final class Agent {
    private Agent() {}

    /** Called before {@code main} for {@code -javaagent:jdefer-processor.jar[=verbose]}. */
    public static void premain(String options, Instrumentation instrumentation) {
        install(options, instrumentation);
    }

    /** Called when the agent is attached to a running JVM; rewrites the classes loaded from then on. */
    public static void agentmain(String options, Instrumentation instrumentation) {
        install(options, instrumentation);
    }

    private static void install(String options, Instrumentation instrumentation) {
        boolean verbose = false;
        if (options != null && !options.isEmpty()) {
            for (String option : options.split(",")) {
                if (option.equals("verbose")) {
                    verbose = true;
                } else {
                    System.err.println("jdefer agent: unknown option `" + option + "` ignored; the one option is `verbose`");
                }
            }
        }
        instrumentation.addTransformer(new DeferringTransformer(verbose, System.err), false);
    }
}
