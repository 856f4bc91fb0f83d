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

    private EntryLayout(int[][] slotOf, Type[] slots) {
        this.slotOf = slotOf;
        this.slots = slots;
        this.sites = slotOf.length;
        offsets = new int[slots.length];
        int r = 0;
        int p = 0;
        for (int l = 0; l < slots.length; l++) {
            offsets[l] = isRef(slots[l]) ? r++ : p++;
        }
        refs = r;
        prims = p;
    }

    /** The layout {@code sites} share, or {@code null} when two of them keep values that differ in number or in slot type. */
    static EntryLayout of(List<ActionSite> sites, Function<ActionSite, boolean[]> thisCaptures) {
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
        return new EntryLayout(slotOf, layout);
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

    /** Whether an entry holds anything: a value, or a site id. Otherwise (one site, no value) the count is the whole record and no frame is borrowed. */
    boolean storesValues() {
        return sites > 1 || slots.length > 0;
    }
}
