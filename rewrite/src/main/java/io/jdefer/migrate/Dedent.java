package io.jdefer.migrate;

import org.openrewrite.internal.ListUtils;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.tree.Space;

/**
 * Moves statements one block level out, keeping the user's formatting: in every whitespace and
 * comment suffix, a line that starts with {@code outer + unit} loses the {@code unit}. Nothing else
 * changes (no reformatting of the statements themselves).
 */
final class Dedent extends JavaIsoVisitor<Integer> {
    private final String from;
    private final String to;

    /**
     * @param outer the indentation of the block's own statement (the try)
     * @param inner the indentation of the statements inside it
     */
    Dedent(String outer, String inner) {
        this.from = "\n" + inner;
        this.to = "\n" + outer;
    }

    /** The indentation of the last line of {@code space}, or null if it has no line break. */
    static String indentOf(Space space) {
        String ws = space.getWhitespace();
        int nl = ws.lastIndexOf('\n');
        return nl < 0 ? null : ws.substring(nl + 1);
    }

    @Override
    public Space visitSpace(Space space, Space.Location loc, Integer p) {
        Space s = super.visitSpace(space, loc, p);
        s = s.withWhitespace(shift(s.getWhitespace()));
        return s.withComments(ListUtils.map(s.getComments(), c -> c.withSuffix(shift(c.getSuffix()))));
    }

    private String shift(String text) {
        return text.indexOf('\n') < 0 ? text : text.replace(from, to);
    }
}
