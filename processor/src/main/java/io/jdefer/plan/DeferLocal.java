package io.jdefer.plan;

/**
 * A {@code @Defer T variable = init;} declaration (SPEC S9): {@code lines} spans the whole
 * declaration, {@code type} is the erasure of {@code T} as an internal name, {@code method} the
 * no-argument method called at exit.
 */
public record DeferLocal(String variable, LineSpan lines, String type, MethodRef method) {
    @Override
    public String toString() {
        return "@Defer(\"" + method.name() + "\") " + type + " " + variable + " at " + lines;
    }
}
