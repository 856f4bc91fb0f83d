package io.jdefer.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hand-off that lets {@code recover()} work in a method that is a deferred action's
 * method-reference target (SPEC S5): {@code defer(this::onExit)} where {@code onExit} is in
 * {@code @Deferred} scope and calls {@code recover()}.
 *
 * <p>Lambda actions need none of this: their body method receives the pending throwable P as a
 * parameter. A method-reference target is an ordinary method, called from anywhere, so P travels
 * through a per-thread slot, and only on the error path:
 * <ol>
 *   <li>the epilogue, when P is set, {@link #offer offers} P to the target by name, by receiver
 *       (the object the action's method runs on; none for a static method) and by where the
 *       call's dispatch starts;
 *   <li>the target's prologue {@link #claim claims} the offer if it is addressed to it: same name,
 *       running on that receiver, and the declaration the call dispatches to. So neither a method
 *       the target calls in turn, nor a same-named method an intermediary calls, nor a superclass
 *       method that an override calls can take it (Go's rule: recover works only when called
 *       directly by the deferred function). A bridge forwards to its method, so a call through a
 *       bridge lands on the method it bridges;
 *   <li>{@code recover()} in the target returns what it claimed and clears it;
 *   <li>at every exit, a target that claimed {@link #settle settles} what it leaves pending;
 *   <li>the epilogue takes the {@link #result result}: what was settled, or P when nothing claimed it.
 * </ol>
 * On the normal path (nothing pending) the epilogue offers nothing, and a claim is one read of a
 * global counter: no thread-local lookup, no allocation.
 */
public final class Recovery {
    /** Offers made and not yet taken back, across threads: zero almost always. */
    private static final AtomicInteger OUTSTANDING = new AtomicInteger();
    private static final ThreadLocal<Slot> SLOTS = ThreadLocal.withInitial(Slot::new);

    /**
     * Read by the registration of every action that may be offered the pending throwable, so that
     * this class is initialized on the normal path, before an error path needs it: a class first
     * loaded while a {@code StackOverflowError} unwinds can fail to load for good.
     */
    public static final boolean READY = true;
    /** Loaded with this class, on the normal path, so that a claim on the error path loads nothing (D17). */
    private static final Class<?> DISPATCH = Dispatch.class;
    /** Initializes {@code Deferrals} with this class, for {@link #finishThrown}'s merge on the error path (D17). */
    private static final Throwable NONE = Deferrals.NONE;

    private Recovery() {}

    private static final class Slot {
        Throwable offered;
        String target;
        Object receiver;
        Class<?> start;
        boolean settled;
        Throwable remaining;
    }

    /**
     * Epilogue, before calling an action's method: offers {@code pending} to it when it is set,
     * does nothing when it is {@code null} (a normal exit, nothing pending). {@code target} is
     * the method's name (a no-argument method: an {@code Action}'s {@code run()} takes none);
     * {@code receiver} is the object the method runs on, {@code null} for a static method;
     * {@code start} is where the call's dispatch starts: {@code null} for a virtual or interface
     * call (the receiver's class), the class named in the call for {@code super::m} and static calls.
     * Small enough to be inlined everywhere (HotSpot's MaxInlineSize): the normal path costs a test.
     */
    public static void offer(Throwable pending, String target, Object receiver, Class<?> start) {
        if (pending != null) {
            offerNow(pending, target, receiver, start);
        }
    }

    private static void offerNow(Throwable pending, String target, Object receiver, Class<?> start) {
        Slot slot = SLOTS.get();
        slot.offered = pending;
        slot.target = target;
        slot.receiver = receiver;
        slot.start = start;
        slot.settled = false;
        slot.remaining = null;
        OUTSTANDING.incrementAndGet();
    }

    /**
     * Prologue of a method that calls {@code recover()}: the throwable offered to it, or
     * {@code null}, which it gets on every ordinary call. {@code self} is its name, {@code me} is
     * {@code this} ({@code null} when it is static), {@code declaring} its declaring class.
     * It claims only an offer addressed to it: same name, same receiver, and the call's dispatch
     * lands on it, not on an override (or a hiding static method) that then called it, so a method
     * reached one call deeper never recovers (Go's rule, docs/decisions.md D3).
     */
    public static Throwable claim(String self, Object me, Class<?> declaring) {
        if (OUTSTANDING.get() == 0) {
            return null;
        }
        Slot slot = SLOTS.get();
        if (slot.offered == null || !self.equals(slot.target) || !addressedTo(slot, me, declaring)) {
            return null;
        }
        Throwable claimed = slot.offered;
        slot.offered = null;
        slot.target = null;
        slot.receiver = null;
        slot.start = null;
        return claimed;
    }

    private static boolean addressedTo(Slot slot, Object me, Class<?> declaring) {
        if (slot.receiver != me || (me == null && slot.start == null)) {
            return false;
        }
        Class<?> from = slot.start != null ? slot.start : me.getClass();
        return Dispatch.landsOn(from, slot.target, declaring, me == null);
    }

    /** Every exit of a method that claimed: what it leaves pending ({@code null} once recovered). */
    public static void settle(Throwable remaining) {
        Slot slot = SLOTS.get();
        slot.settled = true;
        slot.remaining = remaining;
    }

    /**
     * Epilogue, after the action returned: the pending throwable as the action left it;
     * {@code null} when {@code pending} is (nothing was offered).
     */
    public static Throwable result(Throwable pending) {
        return pending == null ? null : resultNow(pending);
    }

    private static Throwable resultNow(Throwable pending) {
        OUTSTANDING.decrementAndGet();
        Slot slot = SLOTS.get();
        slot.offered = null;
        slot.target = null;
        slot.receiver = null;
        slot.start = null;
        if (!slot.settled) {
            return pending;
        }
        Throwable remaining = slot.remaining;
        slot.settled = false;
        slot.remaining = null;
        return remaining;
    }

    /**
     * The handler of javac's try/finally shape (docs/decisions.md D19), after the offered action
     * returned: throws what is left pending, or returns when the action recovered it (the method
     * then returns its default value, S6). The throwable keeps its own stack trace.
     */
    public static void finish(Throwable pending) {
        Throwable left = result(pending);
        if (left != null) {
            throw Recovery.<RuntimeException>unchecked(left);
        }
    }

    /**
     * After an action that may have been offered {@code pending} threw {@code thrown}: the
     * offer's result with {@code thrown} merged into it (S4), which is what stays pending.
     */
    public static Throwable finishThrown(Throwable pending, Throwable thrown) {
        return Deferrals.merge(result(pending), thrown);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T unchecked(Throwable t) throws T {
        throw (T) t;
    }
}
