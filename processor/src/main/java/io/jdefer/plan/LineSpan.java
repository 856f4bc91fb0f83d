package io.jdefer.plan;

/** Source lines {@code first..last}, both inclusive, 1-based. */
public record LineSpan(int first, int last) {
    public LineSpan {
        if (first < 1 || last < first) {
            throw new IllegalStateException("have lines " + first + ".." + last + ", want 1 <= first <= last");
        }
    }

    public boolean contains(int line) {
        return line >= first && line <= last;
    }

    public boolean contains(LineSpan other) {
        return other.first >= first && other.last <= last;
    }

    public int size() {
        return last - first + 1;
    }

    @Override
    public String toString() {
        return first == last ? "line " + first : "lines " + first + "-" + last;
    }
}
