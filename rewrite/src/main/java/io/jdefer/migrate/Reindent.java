package io.jdefer.migrate;

import java.util.ArrayList;
import java.util.List;
import org.openrewrite.internal.ListUtils;
import org.openrewrite.java.JavaIsoVisitor;
import org.openrewrite.java.tree.Space;
import org.openrewrite.java.tree.Statement;

/**
 * Moves statements one block level out or in, keeping the user's formatting: in every whitespace
 * and comment suffix, a line break followed by {@code from} becomes a line break followed by
 * {@code to}. Nothing else changes (the statements are not reformatted).
 */
final class Reindent extends JavaIsoVisitor<Integer> {
    private final String from;
    private final String to;

    private Reindent(String from, String to) {
        this.from = "\n" + from;
        this.to = "\n" + to;
    }

    /** The indentation of the last line of {@code space}, or null if it has no line break. */
    static String indentOf(Space space) {
        String ws = space.getWhitespace();
        int nl = ws.lastIndexOf('\n');
        return nl < 0 ? null : ws.substring(nl + 1);
    }

    /** Statements indented {@code inner}, moved out to {@code outer} (a shorter prefix of it). */
    static List<Statement> out(List<Statement> statements, String outer, String inner) {
        if (outer == null || inner == null || !inner.startsWith(outer) || inner.equals(outer)) {
            return statements;
        }
        return apply(statements, new Reindent(inner, outer));
    }

    /** Statements indented {@code outer}, moved in by {@code unit}. */
    static List<Statement> in(List<Statement> statements, String outer, String unit) {
        if (outer == null) {
            return statements;
        }
        return apply(statements, new Reindent(outer, outer + unit));
    }

    private static List<Statement> apply(List<Statement> statements, Reindent reindent) {
        List<Statement> out = new ArrayList<>(statements.size());
        for (Statement s : statements) {
            out.add((Statement) reindent.visitNonNull(s, 0));
        }
        return out;
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
