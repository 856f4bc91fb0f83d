package io.jdefer.migrate;

import org.openrewrite.java.tree.J;
import org.openrewrite.java.tree.Statement;

/**
 * One registration in a {@code @Deferred} method, as InlineDefers sees it: its kind, the
 * method-body statement that holds it (when it is a direct statement of the body), and the reason
 * it cannot be inlined, if any.
 */
record DeferSite(Kind kind, J tree, Statement topLevel, Refusal refusal) {
    enum Kind {
        DEFER("defer"), ON_ERROR("deferOnError"), ON_SUCCESS("deferOnSuccess"), DEFER_LOCAL("@Defer"), RECOVER("recover");

        final String id;

        Kind(String id) {
            this.id = id;
        }
    }

    DeferSite withRefusal(Refusal r) {
        return new DeferSite(kind, tree, topLevel, r);
    }
}
