package io.jdefer.rewrite;

import io.jdefer.plan.FramePlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * SPEC C4: some site can run more than once per invocation (or {@code FRAME} was asked for), so
 * every site of the method registers on one pooled {@code DeferFrame}, keeping one LIFO order (S2).
 * The frame is taken at the first registration (a call that registers nothing never touches the
 * pool), or, once a call of the method has taken one, in the prologue (D24: the loop a site is in
 * then holds no pool code); each entry holds the site id and the captured values in typed slots, primitives unboxed,
 * written by the method itself ({@link EntryStacks}). The epilogue pops entries, dispatches on the
 * site id with a {@code tableswitch}, calls the action directly, and gives the frame back to the pool.
 *
 * <p>Frame sites whose entries have one layout ({@link OneLayoutEntries}) keep them in it: one
 * site, whatever it captures (a loop of {@code lock(); defer(l::unlock)}, a {@code @Defer} local
 * in a loop, a lambda capturing a {@code long} and an {@code int}), has entries without site ids,
 * its values alone; several sites whose values have the same slots add a site id, with one count
 * for all (D34: a {@code defer(r::close)} on every iteration, a {@code defer(s::close)} on some),
 * and need none when every path registers them in one fixed order ({@code defer(r::close);
 * defer(s::close)} in one loop body: the position says the site, {@link SiteCycle}, D35). The first
 * entries stay in locals (a call that registers up to four times borrows no frame), and the
 * epilogue pops entries until none is left. Only sites of several layouts use {@link EntryStacks}.
 *
 * <p>What goes where is the planner's ({@link FramePlanner}, the method's {@code FramePlan}): only
 * the dynamic sites go on the frame when {@link StrategyGate#split} finds a place for every static
 * site outside it ({@code lock(); defer(lock::unlock); for (...) defer(item::close);}): the static
 * sites are open-coded ({@link StaticSites}), and the epilogue runs those registered after
 * every entry, then the entries, then those registered before any entry (S2).
 */
final class FrameLowering extends MethodLowering {
    private static final Type FRAME = Type.getObjectType(JvmNames.FRAME);

    /** The borrowed frame, or null; -1 when no entry holds a value (one site that stores nothing). */
    private final int frame;
    /** Set at the first exit that gives a borrowed frame back; then the prologue borrows (D24). {@code null} when the plan has none. */
    private final FrameCode.GrowthFlag flag;
    /** Frame sites of one layout: entries are their values (and with several sites an id); {@code null} otherwise. */
    private final OneLayoutEntries oneLayout;
    /** The general protocol: entries of several layouts, with site ids, in the frame's typed arrays; {@code null} with one layout. */
    private final EntryStacks entries;
    /** Temporaries that hold captures between the stack and the frame, reused across sites by (type, position). */
    private final Map<String, Integer> temps = new HashMap<>();
    /** Per frame site, which of its captures are {@code this}: an entry does not hold them. */
    private final Map<ActionSite, boolean[]> thisCaptures = new java.util.IdentityHashMap<>();
    /** The sites whose entries go on the frame, in site-id order. */
    private final List<ActionSite> frameSites;
    /** The static sites open-coded beside the frame; {@code null} when every site is on the frame. */
    private final StaticSites statics;
    /** Static sites open-coded beside the frame, in registration order: those no frame site can precede, and those none can follow. */
    private final List<ActionSite> before;
    private final List<ActionSite> after;

    /** {@code plan}: the planner's {@link FramePlan} of the method, whose site ids index {@code sites}. */
    FrameLowering(MethodNode method, List<ActionSite> sites, FramePlan plan, AbstractInsnNode bodyStart, FrameCode.GrowthFlag flag) {
        super(method, sites, bodyStart);
        frameSites = sitesOf(plan.onFrame(), sites);
        before = sitesOf(plan.before(), sites);
        after = sitesOf(plan.after(), sites);
        if (before.isEmpty() && after.isEmpty()) {
            statics = null;
        } else {
            List<ActionSite> open = new ArrayList<>(before);
            open.addAll(after);
            statics = new StaticSites(open, locals, marks);
        }
        for (ActionSite site : frameSites) {
            thisCaptures.put(site, ReceiverCaptures.of(method, site));
        }
        int[] phases = plan.phases().isEmpty() ? null : plan.phases().stream().mapToInt(Integer::intValue).toArray();
        EntryLayout layout = EntryLayout.of(frameSites, thisCaptures::get, phases);
        if ((layout != null) != plan.oneLayout() || (layout != null && layout.storesValues() != plan.borrows())) {
            throw new IllegalStateException("have frame plan " + plan + " for " + method.name + method.desc + ", whose frame sites "
                    + (layout == null ? "have several layouts" : "store " + (layout.storesValues() ? "" : "no ") + "values")
                    + "; want the plan of these sites");
        }
        frame = plan.borrows() ? marks.local(LoweringMarks.Role.FRAME, locals.add(FRAME)) : -1;
        this.flag = flag;
        if (layout != null) {
            oneLayout = new OneLayoutEntries(this, frameSites, layout, frame, locals, marks, this::temp);
            entries = null;
        } else {
            oneLayout = null;
            entries = new EntryStacks(this, frameSites, frame, locals, marks, this::temp, thisCaptures::get);
        }
    }

    private static List<ActionSite> sitesOf(List<Integer> ids, List<ActionSite> sites) {
        List<ActionSite> out = new ArrayList<>(ids.size());
        for (int id : ids) {
            out.add(sites.get(id));
        }
        return out;
    }

    @Override
    void emitPrologue(InsnList out) {
        if (frame >= 0) {
            out.add(new InsnNode(Opcodes.ACONST_NULL));
            out.add(Locals.store(FRAME, frame));
        }
        if (statics != null) {
            statics.emitPrologue(out);
        }
        if (oneLayout != null) {
            oneLayout.emitPrologue(out);
        } else {
            entries.emitPrologue(out);
        }
        if (flag != null) {
            LabelNode borrow = marks.start(out);
            FrameCode.borrowEarly(out, frame, flag, oneLayout != null ? oneLayout::earlyStacks : entries::earlyStacks);
            marks.end(out, LoweringMarks.Region.FRAME, borrow);
        }
    }

    @Override
    InsnList registration(ActionSite site, int index) {
        if (statics != null && statics.contains(site)) {
            return statics.registration(site);
        }
        InsnList out = new InsnList();
        LabelNode traffic = marks.start(out);
        out.add(oneLayout != null ? oneLayout.registration(site) : entries.registration(site, frameSites.indexOf(site)));
        marks.end(out, LoweringMarks.Region.FRAME, traffic);
        return out;
    }

    /** A temporary for a capture of {@code type} at {@code position}, shared by every site and the epilogue. */
    int temp(Type type, int position) {
        Type slot = EntryLayout.slotType(type);
        return temps.computeIfAbsent(slot.getDescriptor() + position, key -> marks.local(LoweringMarks.Role.TEMP, locals.add(slot)));
    }

    /** An entry is popped before its action runs, so restarting the epilogue after a failure goes on with the next. */
    @Override
    boolean sharesHandler() {
        return true;
    }

    @Override
    void emitEpilogue(InsnList out) {
        LabelNode done = new LabelNode();
        LabelNode loop = new LabelNode();
        LabelNode release = new LabelNode();
        if (statics != null) {
            statics.emitEpilogue(out, this, after); // newer than every entry
        }
        if (oneLayout != null) {
            // entries first: entry 0 is in locals, with or without a frame
            out.add(loop);
            oneLayout.emitEntries(out, loop, release);
            out.add(release);
            if (frame >= 0) {
                out.add(Locals.load(FRAME, frame));
                out.add(new JumpInsnNode(Opcodes.IFNULL, done));
            }
        } else {
            out.add(Locals.load(FRAME, frame));
            out.add(new JumpInsnNode(Opcodes.IFNULL, done));
            out.add(loop);
            entries.emitEntries(out, loop, release);
            out.add(release);
        }
        if (frame >= 0) {
            if (flag != null) {
                LabelNode set = marks.start(out);
                FrameCode.setOnce(out, flag);
                marks.end(out, LoweringMarks.Region.FRAME, set);
            }
            out.add(Locals.load(FRAME, frame));
            LabelNode read = marks.start(out);
            out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, JvmNames.FRAME_POOL, "release", "(" + JvmNames.FRAME_DESCRIPTOR + ")V", false));
            marks.end(out, LoweringMarks.Region.FRAME, read);
            if (statics != null) {
                // frame = null: a restart after an action below throws must not release it again
                out.add(new InsnNode(Opcodes.ACONST_NULL));
                out.add(Locals.store(FRAME, frame));
            }
        }
        out.add(done);
        if (statics != null) {
            statics.emitEpilogue(out, this, before); // older than every entry
        }
    }
}
