package io.jdefer.rewrite;

import io.jdefer.plan.SiteKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * The exceptional exit of {@link FinallyShape} out of line (D37): a private static method of the
 * class that runs the action on the captures it is passed and returns P, the pending throwable it
 * was passed, with what the action threw merged into it (S4):
 *
 * <pre>
 *   static Throwable jdefer$unwind&lt;i&gt;(Throwable p, captures...) {
 *       try { action(captures); } catch (any t) { return Deferrals.merge(p, t); }
 *       return p;
 *   }
 *   handler in the method:  ..., thrown -> (leaves)   throw jdefer$unwind&lt;i&gt;(thrown, captures)
 * </pre>
 *
 * The method's handler is then its captures' loads, a call and a throw: smaller than javac's
 * {@code astore; action; aload; athrow}, with no merge handler in the method, so the method is
 * never larger than javac's try/finally for it (issue 13 item 3). A {@code @Defer} local's null test
 * (S9) is in the added method too, and so is the {@code recover()} hand-off of an action that may
 * recover (S5): then the added method throws what is left pending and returns when the action
 * recovered it, and the handler returns the default value (S6). Methods of one class whose actions are the same call on captures
 * of the same types ({@code lock::unlock} on one lock type) share one added method, numbered in the
 * order the methods come in the class file (SPEC section 6); it has no line numbers, since it
 * serves several lines: a trace shows it above the handler's frame, which is at the site's line.
 *
 * <p>Not for an action called through {@code invokespecial} ({@code super::close}, or a private
 * method in class files from before nestmates), which only an instance method may call, nor in an
 * interface whose class file is older than Java 9, which cannot have private methods.
 */
final class UnwindMethods {
    private static final Type THROWABLE = Type.getObjectType(JvmNames.THROWABLE);

    private final ClassNode owner;
    private final boolean allowed;
    /** The methods added so far, by what they do ({@link #key}). */
    private final Map<String, MethodNode> added = new LinkedHashMap<>();

    UnwindMethods(ClassNode owner) {
        this.owner = owner;
        this.allowed = (owner.access & Opcodes.ACC_INTERFACE) == 0 || (owner.version & 0xFFFF) >= Opcodes.V9;
    }

    /** Whether {@code site}'s exceptional exit can go out of line (see the class comment). */
    boolean fits(ActionSite site) {
        if (!allowed || site.kind == SiteKind.ON_SUCCESS) {
            return false;
        }
        return !(site.shape instanceof ActionShape.Direct)
                || ((ActionShape.Direct) site.shape).impl.getTag() != Opcodes.H_INVOKESPECIAL;
    }

    /**
     * {@code ..., thrown, captures -> ..., P} (or {@code -> ...} where P may be recovered): the call of
     * the method that runs {@code site}'s action, added to the class unless one that does the same is
     * there already. Only for a site that {@link #fits}.
     */
    MethodInsnNode call(ActionSite site) {
        String descriptor = descriptor(site);
        MethodNode method = added.computeIfAbsent(key(site, descriptor), key -> emit(name(), descriptor, site));
        return new MethodInsnNode(Opcodes.INVOKESTATIC, owner.name, method.name, method.desc,
                (owner.access & Opcodes.ACC_INTERFACE) != 0);
    }

    /** The methods added, in the order they were first needed. */
    List<MethodNode> added() {
        return new ArrayList<>(added.values());
    }

    /**
     * What the added method does: its descriptor, the null test of a {@code @Defer} local, the
     * {@code recover()} hand-off's name, and the action's call.
     */
    private static String key(ActionSite site, String descriptor) {
        return descriptor + (site.kind == SiteKind.DEFER_LOCAL ? " if non-null" : "")
                + (site.shape.recoverToken != null ? " offered as " + site.shape.recoverToken : "") + " " + site.shape.callKey();
    }

    /** {@code jdefer$unwind<i>}, {@code i} counting the methods added to this class, unless the class has that name. */
    private String name() {
        String name = "jdefer$unwind" + added.size();
        while (hasMethod(name)) {
            name += "$";
        }
        return name;
    }

    private boolean hasMethod(String name) {
        return owner.methods.stream().anyMatch(method -> method.name.equals(name));
    }

    /**
     * The descriptor for {@code site}: P and the captures in, P out for the handler to throw; or
     * nothing out for an action that may {@code recover()}, whose added method throws what is left
     * pending itself and returns when nothing is.
     */
    private static String descriptor(ActionSite site) {
        List<Type> captures = site.shape.captures();
        Type[] arguments = new Type[captures.size() + 1];
        arguments[0] = THROWABLE;
        for (int c = 0; c < captures.size(); c++) {
            arguments[c + 1] = captures.get(c);
        }
        return Type.getMethodDescriptor(site.shape.mayRecover() ? Type.VOID_TYPE : THROWABLE, arguments);
    }

    /**
     * <pre>
     *   (@Defer local null: return p, or throw p)
     *   offer(p, target)                                  an action that may recover()
     *   action(captures [, p])
     *   return p  |  Recovery.finish(p)  |  throw what the action returned unless null
     *   (what the action throws: return merge(p, it), or throw it merged: Recovery.finishThrown after an offer)
     * </pre>
     */
    private static MethodNode emit(String name, String descriptor, ActionSite site) {
        MethodNode method = new MethodNode(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, name,
                descriptor, null, null);
        boolean returnsPending = !site.shape.mayRecover();
        boolean passesPending = site.shape.passesPending();
        boolean offers = site.shape.recoverToken != null;
        List<Type> captures = site.shape.captures();
        int[] slots = new int[captures.size()];
        int next = 1;
        for (int c = 0; c < captures.size(); c++) {
            slots[c] = next;
            next += captures.get(c).getSize();
        }
        LoweringMarks marks = LoweringMarks.of(method);
        marks.addedExit();
        InsnList out = method.instructions;
        LabelNode first = marks.start(out);
        if (site.kind == SiteKind.DEFER_LOCAL) {
            // S9: a null @Defer local registered nothing, and P leaves as it is
            LabelNode registered = new LabelNode();
            out.add(Locals.load(captures.get(0), slots[0]));
            out.add(new JumpInsnNode(Opcodes.IFNONNULL, registered));
            out.add(Locals.load(THROWABLE, 0));
            out.add(new InsnNode(returnsPending ? Opcodes.ARETURN : Opcodes.ATHROW));
            out.add(registered);
        }
        if (offers) {
            site.shape.emitOffer(out, 0, c -> out.add(Locals.load(captures.get(c), slots[c])), marks);
        }
        LabelNode start = new LabelNode();
        LabelNode end = new LabelNode();
        LabelNode merge = new LabelNode();
        out.add(start);
        // marked as the action from its call on (the loads of a constructor reference's new and dup before them too)
        LabelNode[] call = {marks.start(out)};
        site.shape.emitCall(out, () -> {
            marks.end(out, LoweringMarks.Region.ACTION, call[0]);
            for (int c = 0; c < captures.size(); c++) {
                out.add(Locals.load(captures.get(c), slots[c]));
            }
            if (passesPending) {
                out.add(Locals.load(THROWABLE, 0));
            }
            call[0] = marks.start(out);
        });
        marks.end(out, LoweringMarks.Region.ACTION, call[0]);
        out.add(end);
        if (returnsPending) {
            out.add(Locals.load(THROWABLE, 0));
            out.add(new InsnNode(Opcodes.ARETURN));
        } else if (passesPending) {
            // ..., left -> (leaves)   throws what the action left pending, returns when it recovered
            FinallyShape.throwWhatIsLeft(out);
            out.add(new InsnNode(Opcodes.RETURN));
        } else {
            out.add(Locals.load(THROWABLE, 0));
            LabelNode finish = marks.start(out);
            out.add(new MethodInsnNode(Opcodes.INVOKESTATIC, JvmNames.RECOVERY, "finish", "(Ljava/lang/Throwable;)V", false));
            marks.end(out, LoweringMarks.Region.RECOVER, finish);
            out.add(new InsnNode(Opcodes.RETURN));
        }
        // what the action throws: ..., thrown -> (leaves)   merged into p (S4)
        out.add(merge);
        marks.mergeCall(out, 0, offers ? JvmNames.RECOVERY : JvmNames.DEFERRALS, offers ? "finishThrown" : "merge");
        out.add(new InsnNode(returnsPending ? Opcodes.ARETURN : Opcodes.ATHROW));
        marks.end(out, LoweringMarks.Region.EPILOGUE, first);
        method.tryCatchBlocks.add(new TryCatchBlockNode(start, end, merge, null));
        method.maxLocals = next;
        return method;
    }
}
