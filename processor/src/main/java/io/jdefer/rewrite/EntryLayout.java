package io.jdefer.rewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.objectweb.asm.Type;

/**
 * The slots of a frame entry that several frame sites share (SPEC C4, D34): the values each site
 * keeps, {@code this} left out (D21), in capture order, with the same JVM slot types at every
 * site. A slot holds the sites' capture type where they agree, else its slot type ({@code Object}
 * for references, which each site's call casts back). Decided from the class file alone: the
 * sites' capture descriptors and which captures are {@code this}.
 */
final class EntryLayout {
    private static final Type OBJECT = Type.getObjectType(JvmNames.OBJECT);

    /** Per site and capture, its slot; -1 for {@code this}, which the call loads again. */
    private final int[][] slotOf;
    private final Type[] slots;
    /** Per slot, its place among the entry's references or primitives. */
    private final int[] offsets;
    private final int refs;
    private final int prims;
    private final int sites;
    /** Per site, its phase when the sites register in one cycle (D35): an entry's site then follows from its position; else {@code null}. */
    private final int[] phases;

    private EntryLayout(int[][] slotOf, Type[] slots, int[] phases) {
        this.slotOf = slotOf;
        this.slots = slots;
        this.sites = slotOf.length;
        this.phases = phases;
        offsets = new int[slots.length];
        int r = 0;
        int p = 0;
        for (int l = 0; l < slots.length; l++) {
            offsets[l] = isRef(slots[l]) ? r++ : p++;
        }
        refs = r;
        prims = p;
    }

    /**
     * The layout {@code sites} share, or {@code null} when two of them keep values that differ in
     * number or in slot type. {@code phases}: per site its phase in the cycle they register in
     * ({@link SiteCycle}), or {@code null}; with it an entry holds no site id.
     */
    static EntryLayout of(List<ActionSite> sites, Function<ActionSite, boolean[]> thisCaptures, int[] phases) {
        int[][] slotOf = new int[sites.size()][];
        Type[] layout = null;
        for (int s = 0; s < sites.size(); s++) {
            boolean[] isThis = thisCaptures.apply(sites.get(s));
            List<Type> captures = sites.get(s).shape.captures();
            slotOf[s] = new int[captures.size()];
            List<Type> values = new ArrayList<>();
            for (int c = 0; c < captures.size(); c++) {
                slotOf[s][c] = isThis[c] ? -1 : values.size();
                if (!isThis[c]) {
                    values.add(captures.get(c));
                }
            }
            if (layout == null) {
                layout = values.toArray(new Type[0]);
                continue;
            }
            if (values.size() != layout.length) {
                return null;
            }
            for (int l = 0; l < layout.length; l++) {
                Type slot = slotType(layout[l]);
                if (!slot.equals(slotType(values.get(l)))) {
                    return null;
                }
                if (!layout[l].equals(values.get(l))) {
                    layout[l] = slot;
                }
            }
        }
        return new EntryLayout(slotOf, layout, phases);
    }

    /** Whether a value of {@code type} goes in the references' stack (an object or an array), else in the primitives'. */
    static boolean isRef(Type type) {
        return type.getSort() >= Type.ARRAY;
    }

    /** The JVM's slot type of a value: a reference as {@code Object}, an {@code int}-like as {@code int}. */
    static Type slotType(Type type) {
        switch (type.getSort()) {
            case Type.LONG:
            case Type.FLOAT:
            case Type.DOUBLE:
                return type;
            case Type.ARRAY:
            case Type.OBJECT:
                return OBJECT;
            default:
                return Type.INT_TYPE;
        }
    }

    /** Per capture of site {@code id} (its index among the frame sites), its slot, -1 for {@code this}. */
    int[] slotOf(int id) {
        return slotOf[id];
    }

    /** Per slot, the type its locals hold. */
    Type[] slots() {
        return slots;
    }

    int[] offsets() {
        return offsets;
    }

    int refs() {
        return refs;
    }

    int prims() {
        return prims;
    }

    /** Whether an entry holds its site id: there are several sites and they do not register in one cycle (D34, D35). */
    boolean storesIds() {
        return sites > 1 && phases == null;
    }

    /**
     * The site id an entry is dispatched on, per site: its phase when the sites register in one
     * cycle (the epilogue computes it from the entry's position, D35), else its index among the sites.
     */
    int key(int site) {
        return phases != null ? phases[site] : site;
    }

    /** Whether ids are computed from the position: the sites register in one cycle (D35). */
    boolean idsFromPosition() {
        return phases != null;
    }

    /**
     * Whether an entry holds anything: a value, or a site id. Otherwise (one site, or sites of one
     * cycle, with no value) the count is the whole record and no frame is borrowed.
     */
    boolean storesValues() {
        return storesIds() || slots.length > 0;
    }
}
