package io.jdefer.analysis;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import io.jdefer.plan.LineSpan;

/** Source lines of trees. */
final class Lines {
    private final SourcePositions positions;

    Lines(SourcePositions positions) {
        this.positions = positions;
    }

    /** The line of the tree's start, or {@code -1}. */
    int line(CompilationUnitTree unit, Tree tree) {
        long start = positions.getStartPosition(unit, tree);
        return start < 0 ? -1 : (int) unit.getLineMap().getLineNumber(start);
    }

    /** The lines from the tree's start to its end, or {@code null} without positions. */
    LineSpan span(CompilationUnitTree unit, Tree tree) {
        long start = positions.getStartPosition(unit, tree);
        long end = positions.getEndPosition(unit, tree);
        if (start < 0) {
            return null;
        }
        int first = (int) unit.getLineMap().getLineNumber(start);
        int last = end < start ? first : (int) unit.getLineMap().getLineNumber(end);
        return new LineSpan(first, last);
    }
}
