package io.jdefer.analysis;

import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Name;
import javax.lang.model.util.Elements;

/**
 * Whether a class's source names any part of the jdefer API, read from the names in its tree
 * alone, with no symbol looked up: {@code @Deferred}, {@code @Defer} and the methods of
 * {@code Defers} can be used only through a name that is one of theirs (Java has no import
 * aliases, and javac has already turned Unicode escapes into characters). A class that names none
 * of them has nothing to check, plan or rewrite, so ANALYZE skips it: the processor's cost on
 * code without jdefer is this walk (SPEC section 7, compile time). The names are the compiler's
 * own {@link Name}s, compared with {@code equals}, so the walk converts no name to a string.
 */
public final class JdeferNames {
    private final Set<Name> names = new HashSet<>();

    public JdeferNames(Elements elements) {
        for (String name : List.of("Deferred", "Defer", "Defers", "defer", "deferOnError", "deferOnSuccess", "recover")) {
            names.add(elements.getName(name));
        }
    }

    /** Whether {@code tree} (a top-level class) names any part of the API. */
    public boolean appearIn(Tree tree) {
        Finder finder = new Finder();
        finder.scan(tree, null);
        return finder.found;
    }

    private final class Finder extends TreeScanner<Void, Void> {
        boolean found;

        @Override
        public Void scan(Tree tree, Void unused) {
            return found ? null : super.scan(tree, unused);
        }

        @Override
        public Void visitIdentifier(IdentifierTree tree, Void unused) {
            check(tree.getName());
            return null;
        }

        @Override
        public Void visitMemberSelect(MemberSelectTree tree, Void unused) {
            check(tree.getIdentifier());
            return super.visitMemberSelect(tree, unused);
        }

        @Override
        public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
            check(tree.getName());
            return super.visitMemberReference(tree, unused);
        }

        private void check(Name name) {
            found |= names.contains(name);
        }
    }
}
