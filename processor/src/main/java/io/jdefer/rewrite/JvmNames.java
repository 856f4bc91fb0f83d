package io.jdefer.rewrite;

/** JVM names of the API calls the rewriter removes and of the runtime it calls instead. */
final class JvmNames {
    private JvmNames() {}

    static final String DEFERS = "io/jdefer/Defers";
    static final String ACTION = "io/jdefer/Action";
    static final String ACTION_DESCRIPTOR = "L" + ACTION + ";";
    static final String REGISTER_DESCRIPTOR = "(" + ACTION_DESCRIPTOR + ")V";
    static final String RECOVER = "recover";
    static final String RECOVER_DESCRIPTOR = "()Ljava/lang/Throwable;";
    static final String DEFERRED_DESCRIPTOR = "Lio/jdefer/Deferred;";
    static final String DEFER_DESCRIPTOR = "Lio/jdefer/Defer;";

    static final String DEFERRALS = "io/jdefer/runtime/Deferrals";
    static final String MERGE_DESCRIPTOR = "(Ljava/lang/Throwable;Ljava/lang/Throwable;)Ljava/lang/Throwable;";
    static final String FRAME = "io/jdefer/runtime/DeferFrame";
    static final String FRAME_DESCRIPTOR = "L" + FRAME + ";";
    static final String FRAME_POOL = "io/jdefer/runtime/FramePool";
    static final String RECOVERY = "io/jdefer/runtime/Recovery";

    static final String THROWABLE = "java/lang/Throwable";
    static final String OBJECT = "java/lang/Object";
    static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
}
