package io.jdefer.rewrite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * SPEC C4: some site can run more than once per invocation (or {@code FRAME} was asked for), so
 * every site of the method registers on one pooled {@code DeferFrame}, keeping one LIFO order (S2).
 * The frame is taken at the first registration (a call that registers nothing never touches the
 * pool); each entry holds the site id and the captured values in typed slots, primitives unboxed,
 * written by the method itself ({@link EntryStacks}). The epilogue pops entries, dispatches on the
 * site id with a {@code tableswitch}, calls the action directly, and gives the frame back to the pool.
 *
 * <p>A method with one site that captures one value (a loop of {@code lock(); defer(l::unlock)},
 * a {@code @Defer} local in a loop) uses the frame's compact protocol: an entry is that value
 * alone; the first one stays in a local (a call that registers once borrows no frame), the others
 * go into the frame's stack array, stored by the method itself with the count in a local (as a
 * hand-written cleanup array would be); the epilogue pops values until none is left.
 *
 * <p>Only the dynamic sites go on the frame when {@link StrategyGate#split} finds a place for every
 * static site outside it ({@code lock(); defer(lock::unlock); for (...) defer(item::close);}): the
 * static sites are open-coded ({@link StaticSites}), and the epilogue runs those registered after
 * every entry, then the entries, then those registered before any entry (S2).
 */
final class FrameLowering extends MethodLowering {
    private static final Type FRAME = Type.getObjectType(JvmNames.FRAME);

    private final int frame;
    /** One site that captures one value: entries are that value alone. */
    private final boolean compact;
    /** The general protocol: entries with site ids in the frame's typed arrays; {@code null} with compact entries. */
    private final EntryStacks entries;
    /**
     * Compact protocol: the captured value's type; the first entry, kept in a local so that a call
     * registering one entry never borrows a frame; the frame's stack for the entries after it; and
     * the number of entries, the first included.
     */
    private final Type value;
    private final int first;
    private final int stack;
    private final int top;
    /** Temporaries that hold captures between the stack and the frame, reused across sites by (type, position). */
    private final Map<String, Integer> temps = new HashMap<>();
    /** Per frame site, which of its captures are {@code this}: an entry does not hold them. */
    private final Map<ActionSite, boolean[]> thisCaptures = new java.util.IdentityHashMap<>();
    /** Compact protocol: the index of the one capture an entry holds. */
    private final int valueIndex;
    /** The sites whose entries go on the frame, in site-id order. */
    private final List<ActionSite> frameSites;
    /** The static sites open-coded beside the frame, and how they split; {@code null} when every site is on the frame. */
    private final StaticSites statics;
    private final StrategyGate.Split split;

    FrameLowering(MethodNode method, List<ActionSite> sites, AbstractInsnNode bodyStart) {
        super(method, sites, bodyStart);
        frame = marks.local(LoweringMarks.Role.FRAME, locals.add(FRAME));
        split = StrategyGate.split(method, sites);
        if (split == null) {
            frameSites = sites;
            statics = null;
        } else {
            frameSites = split.dynamic();
            List<ActionSite> open = new ArrayList<>(split.before());
            open.addAll(split.after());
            statics = new StaticSites(open, locals, marks);
        }
        for (ActionSite site : frameSites) {
            thisCaptures.put(site, ReceiverCaptures.of(method, site));
        }
        compact = frameSites.size() == 1 && stored(frameSites.get(0)).length == 1;
        if (compact) {
            valueIndex = stored(frameSites.get(0))[0];
            value = frameSites.get(0).shape.captures().get(valueIndex);
            first = marks.local(LoweringMarks.Role.CAPTURE, locals.add(value));
            stack = marks.local(LoweringMarks.Role.STACK, locals.add(stackType()));
            top = marks.local(LoweringMarks.Role.TOP, locals.add(Type.INT_TYPE));
            entries = null;
        } else {
            value = null;
            valueIndex = -1;
            first = -1;
            stack = -1;
            top = -1;
            entries = new EntryStacks(this, frameSites, frame, locals, marks, this::temp, thisCaptures::get);
        }
    }

    @Override
    void emitPrologue(InsnList out) {
        out.add(new InsnNode(Opcodes.ACONST_NULL));
        out.add(Locals.store(FRAME, frame));
        if (statics != null) {
            statics.emitPrologue(out);
        }
        if (compact) {
            out.add(Bytecode.pushDefault(value));
            out.add(Locals.store(value, first));
            out.add(new InsnNode(Opcodes.ACONST_NULL));
            out.add(Locals.store(stackType(), stack));
            out.add(new InsnNode(Opcodes.ICONST_0));
            out.add(Locals.store(Type.INT_TYPE, top));
        } else {
            entries.emitPrologue(out);
        }
    }

    /** The indexes of the captures an entry of {@code site} holds (those that are not {@code this}). */
    private int[] stored(ActionSite site) {
        boolean[] isThis = thisCaptures.get(site);
        return java.util.stream.IntStream.range(0, isThis.length).filter(c -> !isThis[c]).toArray();
    }

    private boolean isRef(Type type) {
        return type.getSort() >= Type.ARRAY;
    }

    /** {@code Object[]} or {@code long[]}: the frame's stack that holds the compact protocol's values. */
    private Type stackType() {
        return Type.getType(isRef(value) ? "[Ljava/lang/Object;" : "[J");
    }

    @Override
    InsnList registration(ActionSite site, int index) {
        if (statics != null && statics.contains(site)) {
            return statics.registration(site);
        }
        if (compact) {
            return compactRegistration();
        }
        InsnList out = new InsnList();
        LabelNode traffic = marks.start(out);
        out.add(entries.registration(site, frameSites.indexOf(site)));
        marks.end(out, LoweringMarks.Region.FRAME, traffic);
        return out;
    }

    /**
     * ..., value -> ...   the first entry into its local; later ones {@code stack[top - 1] = value},
     * the frame taken at the second registration and its stack grown when full. The store cannot
     * fail once the room is there, and {@code top} moves after it: a registration cut short (an
     * error while growing) registers nothing.
     */
    private InsnList compactRegistration() {
        InsnList out = new InsnList();
        String stackGetter = isRef(value) ? "refStack" : "primStack";
        String stackDescriptor = stackType().getDescriptor();
        int temp = temp(value, 0);
        // ..., c1, ..., cn -> ...   the held capture into the temporary, this (the same in every entry) dropped
        List<Type> captures = frameSites.get(0).shape.captures();
        for (int c = captures.size() - 1; c >= 0; c--) {
            out.add(c == valueIndex ? Locals.store(value, temp) : new InsnNode(Opcodes.POP));
        }
        // if (top == 0) { first = value; top = 1; }
        LabelNode spill = new LabelNode();
        LabelNode registered = new LabelNode();
        out.add(Locals.load(Type.INT_TYPE, top));
        out.add(new JumpInsnNode(Opcodes.IFNE, spill));
        out.add(Locals.load(value, temp));
        out.add(Locals.store(value, first));
        out.add(new InsnNode(Opcodes.ICONST_1));
        out.add(Locals.store(Type.INT_TYPE, top));
        out.add(new JumpInsnNode(Opcodes.GOTO, registered));
        out.add(spill);
        LabelNode haveStack = new LabelNode();
        out.add(Locals.load(stackType(), stack));
        out.add(new JumpInsnNode(Opcodes.IFNONNULL, haveStack));
        LabelNode acquire = marks.start(out);
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, JvmNames.FRAME_POOL, "acquire", "()" + JvmNames.FRAME_DESCRIPTOR, false));
        marks.end(out, LoweringMarks.Region.FRAME, acquire);
        out.add(Locals.store(FRAME, frame));
        out.add(Locals.load(FRAME, frame));
        LabelNode getter = marks.start(out);
        out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, JvmNames.FRAME, stackGetter, "()" + stackDescriptor, false));
        marks.end(out, LoweringMarks.Region.FRAME, getter);
        out.add(Locals.store(stackType(), stack));
        out.add(haveStack);
        LabelNode haveRoom = new LabelNode();
        loadStackIndex(out);
        out.add(Locals.load(stackType(), stack));
        LabelNode length = marks.start(out);
        out.add(new InsnNode(Opcodes.ARRAYLENGTH));
        marks.end(out, LoweringMarks.Region.FRAME, length);
        out.add(new JumpInsnNode(Opcodes.IF_ICMPLT, haveRoom));
        out.add(Locals.load(FRAME, frame));
        LabelNode grow = marks.start(out);
        out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, JvmNames.FRAME, isRef(value) ? "growRefStack" : "growPrimStack", "()" + stackDescriptor, false));
        marks.end(out, LoweringMarks.Region.FRAME, grow);
        out.add(Locals.store(stackType(), stack));
        out.add(haveRoom);
        out.add(Locals.load(stackType(), stack));
        loadStackIndex(out);
        out.add(Locals.load(value, temp));
        toStackSlot(out);
        LabelNode store = marks.start(out);
        out.add(new InsnNode(isRef(value) ? Opcodes.AASTORE : Opcodes.LASTORE));
        marks.end(out, LoweringMarks.Region.FRAME, store);
        out.add(new IincInsnNode(top, 1));
        out.add(registered);
        return out;
    }

    /** ... -> ..., top - 1   where entry number {@code top} lives in the stack (entry 0 is {@code first}). */
    private void loadStackIndex(InsnList out) {
        out.add(Locals.load(Type.INT_TYPE, top));
        out.add(new InsnNode(Opcodes.ICONST_1));
        out.add(new InsnNode(Opcodes.ISUB));
    }

    /** ..., value -> ..., slot   a primitive as the {@code long} the stack holds (floats and doubles as raw bits). */
    private void toStackSlot(InsnList out) {
        EntryStacks.toSlot(out, value);
    }

    /** ..., slot -> ..., value   the inverse of {@link #toStackSlot}, with the reference's cast. */
    private void fromStackSlot(InsnList out) {
        if (isRef(value) && !value.getInternalName().equals(JvmNames.OBJECT)) {
            out.add(new TypeInsnNode(Opcodes.CHECKCAST, value.getInternalName()));
        }
        EntryStacks.fromSlot(out, value);
    }

    /** A temporary for a capture of {@code type} at {@code position}, shared by every site and the epilogue. */
    int temp(Type type, int position) {
        Type slot = slotType(type);
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
            statics.emitEpilogue(out, this, split.after()); // newer than every entry
        }
        if (compact) {
            // entries first: the first one is in a local, with or without a frame
            out.add(loop);
            emitCompactEntries(out, loop, release);
            out.add(release);
            out.add(Locals.load(FRAME, frame));
            out.add(new JumpInsnNode(Opcodes.IFNULL, done));
        } else {
            out.add(Locals.load(FRAME, frame));
            out.add(new JumpInsnNode(Opcodes.IFNULL, done));
            out.add(loop);
            entries.emitEntries(out, loop, release);
            out.add(release);
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
        out.add(done);
        if (statics != null) {
            statics.emitEpilogue(out, this, split.before()); // older than every entry
        }
    }

    /**
     * One site, one value per entry: {@code while (top > 0) { top--; v = top == 0 ? first :
     * stack[top - 1]; stack[top - 1] = null; action(v); }}
     */
    private void emitCompactEntries(InsnList out, LabelNode loop, LabelNode release) {
        ActionSite site = frameSites.get(0);
        int popped = temp(value, 0); // the registration's temporary: never live in the epilogue
        out.add(Locals.load(Type.INT_TYPE, top));
        out.add(new JumpInsnNode(Opcodes.IFEQ, release));
        // popped before its turn's S3 check: a skipped entry is gone too
        out.add(new IincInsnNode(top, -1));
        LabelNode fromStack = new LabelNode();
        LabelNode call = new LabelNode();
        out.add(Locals.load(Type.INT_TYPE, top));
        out.add(new JumpInsnNode(Opcodes.IFNE, fromStack));
        out.add(Locals.load(value, first));
        out.add(Locals.store(value, popped));
        out.add(new JumpInsnNode(Opcodes.GOTO, call));
        out.add(fromStack);
        out.add(Locals.load(stackType(), stack));
        loadStackIndex(out);
        LabelNode releaseCall = marks.start(out);
        out.add(new InsnNode(isRef(value) ? Opcodes.AALOAD : Opcodes.LALOAD));
        marks.end(out, LoweringMarks.Region.FRAME, releaseCall);
        fromStackSlot(out);
        out.add(Locals.store(value, popped));
        if (isRef(value)) {
            // the pooled frame keeps no user object alive
            out.add(Locals.load(stackType(), stack));
            loadStackIndex(out);
            out.add(new InsnNode(Opcodes.ACONST_NULL));
            LabelNode clear = marks.start(out);
            out.add(new InsnNode(Opcodes.AASTORE));
            marks.end(out, LoweringMarks.Region.FRAME, clear);
        }
        out.add(call);
        LabelNode actionStart = new LabelNode();
        LabelNode actionEnd = new LabelNode();
        out.add(actionStart);
        IntConsumer load = c -> out.add(c == valueIndex ? Locals.load(value, popped) : new VarInsnNode(Opcodes.ALOAD, 0));
        emitGuardedCall(out, site, load, load, loop, false, Handling.SHARED);
        out.add(actionEnd);
        // Only the action, after its entry was popped: a restart goes on with the next entry.
        coverWithSharedHandler(actionStart, actionEnd);
    }

    private static Type slotType(Type type) {
        switch (type.getSort()) {
            case Type.LONG:
            case Type.FLOAT:
            case Type.DOUBLE:
                return type;
            case Type.ARRAY:
            case Type.OBJECT:
                return Type.getObjectType(JvmNames.OBJECT);
            default:
                return Type.INT_TYPE;
        }
    }
}
