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
 *   <li>the epilogue, when P is set, {@link #offer offers} P to the target by name and descriptor
 *       and by receiver: the object the action's method runs on, or the class of a static method;
 *   <li>the target's prologue {@link #claim claims} the offer if it is addressed to it: same name
 *       and descriptor, and running on that receiver. So neither a method the target calls in turn
 *       nor a same-named method an intermediary calls can take it (Go's rule: recover works only
 *       when called directly by the deferred function);
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

    private Recovery() {}

    private static final class Slot {
        Throwable offered;
        String target;
        Object receiver;
        boolean settled;
        Throwable remaining;
    }

    /**
     * Epilogue, before calling an action's method while {@code pending} is set: {@code receiver} is
     * the object the method runs on, or, for a static method, the class named in the call.
     */
    public static void offer(Throwable pending, String target, Object receiver) {
        Slot slot = SLOTS.get();
        slot.offered = pending;
        slot.target = target;
        slot.receiver = receiver;
        slot.settled = false;
        slot.remaining = null;
        OUTSTANDING.incrementAndGet();
    }

    /**
     * Prologue of a method that calls {@code recover()}: the throwable offered to it, or
     * {@code null}, which it gets on every ordinary call. {@code self} is its name and descriptor
     * ({@code "onExit()V"}); {@code me} is {@code this}, or its declaring class when it is static.
     */
    public static Throwable claim(String self, Object me) {
        if (OUTSTANDING.get() == 0) {
            return null;
        }
        Slot slot = SLOTS.get();
        if (slot.offered == null || !self.equals(slot.target) || !addressedTo(slot.receiver, me)) {
            return null;
        }
        Throwable claimed = slot.offered;
        slot.offered = null;
        slot.target = null;
        slot.receiver = null;
        return claimed;
    }

    private static boolean addressedTo(Object receiver, Object me) {
        if (receiver == me) {
            return true;
        }
        // A static method named through a subclass (Sub::helper, declared in Base).
        return me instanceof Class && receiver instanceof Class && ((Class<?>) me).isAssignableFrom((Class<?>) receiver);
    }

    /** Every exit of a method that claimed: what it leaves pending ({@code null} once recovered). */
    public static void settle(Throwable remaining) {
        Slot slot = SLOTS.get();
        slot.settled = true;
        slot.remaining = remaining;
    }

    /** Epilogue, after the action returned or threw: the pending throwable as the action left it. */
    public static Throwable result(Throwable pending) {
        OUTSTANDING.decrementAndGet();
        Slot slot = SLOTS.get();
        slot.offered = null;
        slot.target = null;
        slot.receiver = null;
        if (!slot.settled) {
            return pending;
        }
        Throwable remaining = slot.remaining;
        slot.settled = false;
        slot.remaining = null;
        return remaining;
    }
}
