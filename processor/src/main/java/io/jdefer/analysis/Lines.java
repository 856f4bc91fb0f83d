package io.jdefer.analysis;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import io.jdefer.plan.LineSpan;
import java.io.IOException;
import java.util.Arrays;

/**
 * Source lines of trees. javac keeps a unit's line map only when it writes line numbers; without
 * them ({@code -g:none}, {@code -g:vars}) the lines are counted from the source text.
 */
final class Lines {
    private final SourcePositions positions;
    private CompilationUnitTree countedUnit;
    private int[] lineStarts;

    Lines(SourcePositions positions) {
        this.positions = positions;
    }

    /** The line of the tree's start, or {@code -1}. */
    int line(CompilationUnitTree unit, Tree tree) {
        long start = positions.getStartPosition(unit, tree);
        return start < 0 ? -1 : lineOf(unit, start);
    }

    /** The lines from the tree's start to its end, or {@code null} without positions. */
    LineSpan span(CompilationUnitTree unit, Tree tree) {
        long start = positions.getStartPosition(unit, tree);
        long end = positions.getEndPosition(unit, tree);
        if (start < 0) {
            return null;
        }
        int first = lineOf(unit, start);
        int last = end < start ? first : lineOf(unit, end);
        return first < 1 ? null : new LineSpan(first, Math.max(first, last));
    }

    private int lineOf(CompilationUnitTree unit, long position) {
        LineMap map = unit.getLineMap();
        if (map != null) {
            return (int) map.getLineNumber(position);
        }
        if (countedUnit != unit) {
            lineStarts = countLines(unit);
            countedUnit = unit;
        }
        if (lineStarts.length == 0) {
            return -1;
        }
        int found = Arrays.binarySearch(lineStarts, (int) position);
        return found >= 0 ? found + 1 : -found - 1;
    }

    private static int[] countLines(CompilationUnitTree unit) {
        CharSequence text;
        try {
            text = unit.getSourceFile().getCharContent(true);
        } catch (IOException | RuntimeException e) {
            return new int[0];
        }
        int[] starts = new int[16];
        int count = 0;
        starts[count++] = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, count);
    }
}
