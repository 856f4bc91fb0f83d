package io.jdefer.dump;

import java.util.List;

/**
 * The dump of one class file: its methods, in class-file order.
 *
 * @param name the internal name ({@code t/Locks})
 * @param sourceFile the {@code SourceFile} attribute, or {@code null}
 */
public record ClassDump(String name, String sourceFile, List<MethodDump> methods) {
    public ClassDump {
        methods = List.copyOf(methods);
    }

    /** Whether any method is in a {@code @Deferred} scope or was rewritten. */
    public boolean hasScopes() {
        return methods.stream().anyMatch(m -> m.inScope() || m.isRewritten());
    }
}
