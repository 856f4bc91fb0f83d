package io.jdefer.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How a frame method keeps its registrations (SPEC C4, docs/frames.md), decided by the planner
 * from the class file: which static sites are open-coded beside the frame, and the form of the
 * entries the other sites push. The frame lowering, {@code -Ajdefer.verbose} and the dump read it
 * (the dump from the {@link JdeferLowering} attribute, which carries it).
 *
 * @param before static sites open-coded beside the frame that no frame site can precede, in
 *     registration order: they run after every entry
 * @param onFrame the sites whose registrations are entries, in site-id order
 * @param after static sites open-coded beside the frame that no frame site can follow, in
 *     registration order: they run before every entry
 * @param oneLayout whether every frame site keeps values of the same slot types (D34): entries are
 *     those values, in locals first; otherwise entries of several layouts go on the frame's typed
 *     arrays with their site ids
 * @param slots with one layout, the descriptors of an entry's values in order ({@code this} left
 *     out; a reference slot several classes share is {@code Ljava/lang/Object;}); empty otherwise
 *     or when the sites keep no value
 * @param phases with one layout, per frame site (in {@code onFrame} order) its phase in the one
 *     cycle they register in (D35): an entry's site follows from its position, no id is stored;
 *     empty when the sites do not register in one cycle
 */
public record FramePlan(List<Integer> before, List<Integer> onFrame, List<Integer> after, boolean oneLayout, List<String> slots,
                        List<Integer> phases) {
    public FramePlan {
        before = List.copyOf(before);
        onFrame = List.copyOf(onFrame);
        after = List.copyOf(after);
        slots = List.copyOf(slots);
        phases = List.copyOf(phases);
        if (onFrame.isEmpty()) {
            throw new IllegalArgumentException("have a frame plan with no site on the frame, want one at least");
        }
        List<Integer> ids = new ArrayList<>(before);
        ids.addAll(onFrame);
        ids.addAll(after);
        if (ids.stream().distinct().count() != ids.size() || ids.stream().anyMatch(id -> id < 0)) {
            throw new IllegalArgumentException("have sites " + before + " before, " + onFrame + " on the frame, " + after
                    + " after, want each site once");
        }
        if (!oneLayout && !(slots.isEmpty() && phases.isEmpty())) {
            throw new IllegalArgumentException("have slots " + slots + " and phases " + phases + " with several layouts, want neither");
        }
        if (!phases.isEmpty() && (phases.size() != onFrame.size() || onFrame.size() < 2
                || !phases.stream().sorted().toList().equals(IntStream.range(0, onFrame.size()).boxed().toList()))) {
            throw new IllegalArgumentException("have phases " + phases + " for " + onFrame.size() + " frame sites, want one distinct phase"
                    + " 0.." + (onFrame.size() - 1) + " per site, and two sites at least");
        }
    }

    /** Whether it places each of {@code sites} sites, ids 0 to {@code sites - 1}, once (the constructor checks that none is placed twice). */
    public boolean placesEach(int sites) {
        int placed = before.size() + onFrame.size() + after.size();
        return placed == sites && before.stream().allMatch(id -> id < sites) && onFrame.stream().allMatch(id -> id < sites)
                && after.stream().allMatch(id -> id < sites);
    }

    /** Whether an entry holds its site id: several frame sites, of several layouts or not registering in one cycle. */
    public boolean storesIds() {
        return onFrame.size() > 1 && phases.isEmpty();
    }

    /**
     * Whether the lowering borrows a frame at all: it does unless entries hold nothing (one site,
     * or sites of one cycle, with no value: the count is the whole record).
     */
    public boolean borrows() {
        return !oneLayout || storesIds() || !slots.isEmpty();
    }

    /**
     * The words {@code -Ajdefer.verbose} and the dump print: {@code entries of one layout (Object),
     * site from the position in a cycle of 2, open-coded beside the frame: #0 before the entries}.
     */
    public String describe() {
        StringBuilder out = new StringBuilder();
        if (!oneLayout) {
            out.append("entries of several layouts, with site ids, on the frame's arrays");
        } else if (!borrows()) {
            out.append(onFrame.size() == 1 ? "a count, no frame" : "a count, site from the position in a cycle of " + onFrame.size()
                    + ", no frame");
        } else if (slots.isEmpty()) {
            out.append("entries of a site id only");
        } else {
            out.append("entries of one layout (").append(String.join(", ", slots.stream().map(FramePlan::simpleName).toList()))
                    .append(')');
            if (!phases.isEmpty()) {
                out.append(", site from the position in a cycle of ").append(onFrame.size());
            } else if (storesIds()) {
                out.append(", with site ids");
            }
        }
        if (!before.isEmpty() || !after.isEmpty()) {
            out.append(", open-coded beside the frame:");
            out.append(before.isEmpty() ? "" : " " + ids(before) + " before the entries");
            out.append(!before.isEmpty() && !after.isEmpty() ? " and" : "");
            out.append(after.isEmpty() ? "" : " " + ids(after) + " after them");
        }
        return out.toString();
    }

    private static String ids(List<Integer> sites) {
        return String.join(" ", sites.stream().map(id -> "#" + id).toList());
    }

    /** {@code I} as {@code int}, {@code Ljava/lang/Object;} as {@code Object}, {@code [J} as {@code long[]}. */
    private static String simpleName(String descriptor) {
        int dims = descriptor.lastIndexOf('[') + 1;
        String element = descriptor.substring(dims);
        String name = switch (element.charAt(0)) {
            case 'Z' -> "boolean";
            case 'B' -> "byte";
            case 'C' -> "char";
            case 'S' -> "short";
            case 'I' -> "int";
            case 'J' -> "long";
            case 'F' -> "float";
            case 'D' -> "double";
            default -> element.substring(element.lastIndexOf('/') + 1, element.length() - 1);
        };
        return name + "[]".repeat(dims);
    }
}
