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
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * SPEC C4: some site can run more than once per invocation (or {@code FRAME} was asked for), so
 * every site of the method registers on one pooled {@code DeferFrame}, keeping one LIFO order (S2).
 * The frame is taken at the first registration (a call that registers nothing never touches the
 * pool); each entry holds the site id and the captured values in typed slots, primitives unboxed.
 * The epilogue pops entries, dispatches on the site id with a {@code tableswitch}, calls the
 * action directly, and gives the frame back to the pool.
 *
 * <p>A method with one site that captures one value (a loop of {@code lock(); defer(l::unlock)},
 * a {@code @Defer} local in a loop) uses the frame's compact protocol: an entry is that value
 * alone; the first one stays in a local (a call that registers once borrows no frame), the others
 * go into the frame's stack array, stored by the method itself with the count in a local (as a
 * hand-written cleanup array would be); the epilogue pops values until none is left.
 */
final class FrameLowering extends MethodLowering {
    private static final Type FRAME = Type.getObjectType(JvmNames.FRAME);

    private final int frame;
    /** One site that captures one value: entries are that value alone. */
    private final boolean compact;
    private final int refBase;
    private final int primBase;
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

    FrameLowering(MethodNode method, List<ActionSite> sites, AbstractInsnNode bodyStart) {
        super(method, sites, bodyStart);
        frame = marks.local(LoweringMarks.Role.FRAME, locals.add(FRAME));
        compact = sites.size() == 1 && sites.get(0).shape.captures().size() == 1;
        if (compact) {
            value = sites.get(0).shape.captures().get(0);
            first = marks.local(LoweringMarks.Role.CAPTURE, locals.add(value));
            stack = marks.local(LoweringMarks.Role.STACK, locals.add(stackType()));
            top = marks.local(LoweringMarks.Role.TOP, locals.add(Type.INT_TYPE));
            refBase = -1;
            primBase = -1;
        } else {
            value = null;
            first = -1;
            stack = -1;
            top = -1;
            refBase = marks.local(LoweringMarks.Role.REFS, locals.add(Type.INT_TYPE));
            primBase = marks.local(LoweringMarks.Role.PRIMS, locals.add(Type.INT_TYPE));
        }
    }

    @Override
    void emitPrologue(InsnList out) {
        out.add(new InsnNode(Opcodes.ACONST_NULL));
        out.add(Locals.store(FRAME, frame));
        if (compact) {
            out.add(Bytecode.pushDefault(value));
            out.add(Locals.store(value, first));
            out.add(new InsnNode(Opcodes.ACONST_NULL));
            out.add(Locals.store(stackType(), stack));
            out.add(new InsnNode(Opcodes.ICONST_0));
            out.add(Locals.store(Type.INT_TYPE, top));
        }
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
        if (compact) {
            return compactRegistration();
        }
        // ..., c1, ..., cn -> ...   pushed on the frame as one entry
        InsnList out = new InsnList();
        List<Type> captures = site.shape.captures();
        int[] slots = new int[captures.size()];
        for (int c = captures.size() - 1; c >= 0; c--) {
            slots[c] = temp(captures.get(c), c);
            out.add(Locals.store(captures.get(c), slots[c]));
        }
        LabelNode traffic = marks.start(out);
        out.add(Locals.load(FRAME, frame));
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, JvmNames.FRAME_POOL, "ensure",
                "(" + JvmNames.FRAME_DESCRIPTOR + ")" + JvmNames.FRAME_DESCRIPTOR, false));
        out.add(Locals.store(FRAME, frame));
        for (int c = 0; c < captures.size(); c++) {
            Type type = captures.get(c);
            out.add(Locals.load(FRAME, frame));
            out.add(Locals.load(type, slots[c]));
            out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, JvmNames.FRAME, pushName(type),
                    "(" + slotType(type).getDescriptor() + ")V", false));
        }
        out.add(Locals.load(FRAME, frame));
        out.add(Bytecode.pushInt(index));
        out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, JvmNames.FRAME, "pushSite", "(I)V", false));
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
        out.add(Locals.store(value, temp));
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
        switch (value.getSort()) {
            case Type.LONG:
            case Type.ARRAY:
            case Type.OBJECT:
                return;
            case Type.FLOAT:
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false));
                out.add(new InsnNode(Opcodes.I2L));
                return;
            case Type.DOUBLE:
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false));
                return;
            default:
                out.add(new InsnNode(Opcodes.I2L));
        }
    }

    /** ..., slot -> ..., value   the inverse of {@link #toStackSlot}, with the reference's cast. */
    private void fromStackSlot(InsnList out) {
        switch (value.getSort()) {
            case Type.LONG:
                return;
            case Type.ARRAY:
            case Type.OBJECT:
                if (!value.getInternalName().equals(JvmNames.OBJECT)) {
                    out.add(new TypeInsnNode(Opcodes.CHECKCAST, value.getInternalName()));
                }
                return;
            case Type.FLOAT:
                out.add(new InsnNode(Opcodes.L2I));
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false));
                return;
            case Type.DOUBLE:
                out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false));
                return;
            default:
                out.add(new InsnNode(Opcodes.L2I));
        }
    }

    private int temp(Type type, int position) {
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
            emitEntries(out, loop, release);
            out.add(release);
        }
        out.add(Locals.load(FRAME, frame));
        LabelNode read = marks.start(out);
        out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, JvmNames.FRAME_POOL, "release", "(" + JvmNames.FRAME_DESCRIPTOR + ")V", false));
        marks.end(out, LoweringMarks.Region.FRAME, read);
        out.add(done);
    }

    /**
     * One site, one value per entry: {@code while (top > 0) { top--; v = top == 0 ? first :
     * stack[top - 1]; stack[top - 1] = null; action(v); }}
     */
    private void emitCompactEntries(InsnList out, LabelNode loop, LabelNode release) {
        ActionSite site = sites.get(0);
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
        IntConsumer load = c -> out.add(Locals.load(value, popped));
        emitGuardedCall(out, site, load, load, loop, false, Handling.SHARED);
        out.add(actionEnd);
        // Only the action, after its entry was popped: a restart goes on with the next entry.
        coverWithSharedHandler(actionStart, actionEnd);
    }

    /** Entries with a site id: pop one, dispatch on its id, run its case, again. */
    private void emitEntries(InsnList out, LabelNode loop, LabelNode release) {
        out.add(Locals.load(FRAME, frame));
        LabelNode dispatch = marks.start(out);
        out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, JvmNames.FRAME, "popSite", "()I", false));
        LabelNode[] cases = new LabelNode[sites.size() + 1];
        cases[0] = release;
        for (int i = 0; i < sites.size(); i++) {
            cases[i + 1] = new LabelNode();
        }
        out.add(new TableSwitchInsnNode(-1, sites.size() - 1, release, cases));
        marks.end(out, LoweringMarks.Region.FRAME, dispatch);
        LabelNode casesEnd = new LabelNode();
        for (int i = 0; i < sites.size(); i++) {
            out.add(cases[i + 1]);
            emitCase(out, sites.get(i), loop);
        }
        out.add(casesEnd);
        // Only the cases, which run after their entry was popped: a restart goes on with the next entry.
        coverWithSharedHandler(cases[1], casesEnd);
    }

    /** Pops one entry of {@code site} and runs it; then back to {@code loop} for the next entry. */
    private void emitCase(InsnList out, ActionSite site, LabelNode loop) {
        List<Type> captures = site.shape.captures();
        List<Integer> offsets = new ArrayList<>();
        int refs = 0;
        int prims = 0;
        for (Type type : captures) {
            offsets.add(type.getSort() >= Type.ARRAY ? refs++ : prims++);
        }
        if (refs > 0) {
            LabelNode pop = marks.start(out);
            out.add(Locals.load(FRAME, frame));
            out.add(Bytecode.pushInt(refs));
            out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, JvmNames.FRAME, "popRefs", "(I)I", false));
            out.add(Locals.store(Type.INT_TYPE, refBase));
            marks.end(out, LoweringMarks.Region.FRAME, pop);
        }
        if (prims > 0) {
            LabelNode pop = marks.start(out);
            out.add(Locals.load(FRAME, frame));
            out.add(Bytecode.pushInt(prims));
            out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, JvmNames.FRAME, "popPrims", "(I)I", false));
            out.add(Locals.store(Type.INT_TYPE, primBase));
            marks.end(out, LoweringMarks.Region.FRAME, pop);
        }
        IntConsumer load = c -> {
            // ... -> ..., value
            Type type = captures.get(c);
            boolean ref = type.getSort() >= Type.ARRAY;
            out.add(Locals.load(FRAME, frame));
            out.add(Locals.load(Type.INT_TYPE, ref ? refBase : primBase));
            if (offsets.get(c) > 0) {
                out.add(Bytecode.pushInt(offsets.get(c)));
                out.add(new InsnNode(Opcodes.IADD));
            }
            LabelNode read = marks.start(out);
            out.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, JvmNames.FRAME, readName(type), "(I)" + slotType(type).getDescriptor(), false));
            marks.end(out, LoweringMarks.Region.FRAME, read);
            if (ref && !type.getInternalName().equals(JvmNames.OBJECT)) {
                out.add(new TypeInsnNode(Opcodes.CHECKCAST, type.getInternalName()));
            }
        };
        emitGuardedCall(out, site, load, load, loop, false, Handling.SHARED);
    }

    private static String pushName(Type type) {
        switch (type.getSort()) {
            case Type.LONG:
                return "pushLong";
            case Type.FLOAT:
                return "pushFloat";
            case Type.DOUBLE:
                return "pushDouble";
            case Type.ARRAY:
            case Type.OBJECT:
                return "pushRef";
            default:
                return "pushInt";
        }
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

    private static String readName(Type type) {
        switch (type.getSort()) {
            case Type.LONG:
                return "longAt";
            case Type.FLOAT:
                return "floatAt";
            case Type.DOUBLE:
                return "doubleAt";
            case Type.ARRAY:
            case Type.OBJECT:
                return "refAt";
            default:
                return "intAt";
        }
    }
}
