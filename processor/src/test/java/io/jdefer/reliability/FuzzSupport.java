package io.jdefer.reliability;

import io.jdefer.testing.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * What generated fuzz programs call: resources that log, exceptions with fixed messages, and
 * {@link RefScope}, the hand-written reference implementation of SPEC S1-S6 that the reference
 * version of each program uses instead of jdefer. Generated code imports it with
 * {@code import static io.jdefer.reliability.FuzzSupport.*;} (member types included).
 */
public final class FuzzSupport {
    private FuzzSupport() {}

    /** Events of the calling thread when it captures them ({@link #captured}); the shared {@link Trace} otherwise. */
    private static final ThreadLocal<List<String>> CAPTURE = new ThreadLocal<>();
    /** Set by the concurrency test: every event yields the thread, so that invocations interleave. */
    static volatile boolean yieldOnLog;

    public static void log(String event) {
        List<String> own = CAPTURE.get();
        if (own == null) {
            Trace.log(event);
            return;
        }
        own.add(event);
        if (yieldOnLog) {
            Thread.yield();
        }
    }

    /** Runs {@code body} with this thread's events kept apart, and returns them. */
    static List<String> captured(Runnable body) {
        List<String> events = new ArrayList<>();
        CAPTURE.set(events);
        try {
            body.run();
        } finally {
            CAPTURE.remove();
        }
        return events;
    }

    /** A stable hash of any value a generated method returns ({@code null} included). */
    public static int h(Object value) {
        return value == null ? 7 : value.toString().hashCode() & 0xffff;
    }

    public static int h(int value) {
        return value;
    }

    /** The text a program logs for a recovered throwable: class and message, or {@code null}. */
    public static String describe(Throwable t) {
        return t == null ? "null" : t.getClass().getSimpleName() + "(" + t.getMessage() + ")";
    }

    /** An unchecked exception with a fixed message. */
    public static final class Boom extends RuntimeException {
        public Boom(String message) {
            super(message);
        }

        public Boom(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A checked exception. */
    public static final class Checked extends Exception {
        public Checked(String message) {
            super(message);
        }
    }

    /** An {@link Error}: actions run for it as Go runs deferred calls on a panic (SPEC S2). */
    public static final class Oops extends Error {
        public Oops(String message) {
            super(message);
        }
    }

    /** A resource: logs when opened and closed; {@code failClose} makes {@code close()} throw. */
    public static final class Res implements AutoCloseable {
        private final String name;
        private final boolean failClose;

        Res(String name, boolean failClose) {
            this.name = name;
            this.failClose = failClose;
        }

        @Override
        public void close() {
            log("close " + name);
            if (failClose) {
                throw new Boom("close " + name);
            }
        }

        public void end() {
            log("end " + name);
        }
    }

    /** A resource made without a log line: the generated class's {@code static final} field {@code FIELD} (D27). */
    public static Res quiet(String name) {
        return new Res(name, false);
    }

    public static Res open(String name, boolean failClose) {
        log("open " + name);
        return new Res(name, failClose);
    }

    /**
     * A resource whose {@code close()} declares a checked exception and throws it when
     * {@code failClose}: a {@code @Defer} local of it must be declared or caught as
     * {@code defer(r::close)} would be (S7, S9; issue 14 item 4).
     */
    public static final class CheckedRes implements java.io.Closeable {
        private final String name;
        private final boolean failClose;

        CheckedRes(String name, boolean failClose) {
            this.name = name;
            this.failClose = failClose;
        }

        @Override
        public void close() throws java.io.IOException {
            log("close " + name);
            if (failClose) {
                throw new java.io.IOException("close " + name);
            }
        }
    }

    /** A number that is also a resource: the value of a {@code T extends Number & AutoCloseable} local. */
    public static final class NumRes extends Number implements AutoCloseable {
        private final String name;
        private final boolean failClose;

        NumRes(String name, boolean failClose) {
            this.name = name;
            this.failClose = failClose;
        }

        @Override
        public void close() {
            log("close " + name);
            if (failClose) {
                throw new Boom("close " + name);
            }
        }

        @Override
        public int intValue() {
            return name.length();
        }

        @Override
        public long longValue() {
            return intValue();
        }

        @Override
        public float floatValue() {
            return intValue();
        }

        @Override
        public double doubleValue() {
            return intValue();
        }
    }

    @SuppressWarnings("unchecked")
    public static <T extends Number & AutoCloseable> T openBoth(String name, boolean failClose) {
        log("open " + name);
        return (T) new NumRes(name, failClose);
    }

    public static CheckedRes openChecked(String name, boolean failClose) {
        log("open " + name);
        return new CheckedRes(name, failClose);
    }

    /** {@code null} when {@code none}: a {@code @Defer} local that registers nothing (SPEC S9), or a null receiver (S1). */
    public static Res openOrNull(String name, boolean none) {
        return none ? null : open(name, false);
    }

    public static final class Lock {
        private final String name;

        Lock(String name) {
            this.name = name;
        }

        public void unlock() {
            log("unlock " + name);
        }
    }

    public static Lock lock(String name) {
        log("lock " + name);
        return new Lock(name);
    }

    /** A lock named through the JDK's type ({@code ReentrantLock}), whose {@code unlock()} logs. */
    public static java.util.concurrent.locks.ReentrantLock jdkLock(String name) {
        log("lock " + name);
        return new JdkLock(name);
    }

    public static final class JdkLock extends java.util.concurrent.locks.ReentrantLock {
        private final String name;

        JdkLock(String name) {
            this.name = name;
        }

        @Override
        public void unlock() {
            log("unlock " + name);
        }
    }

    /** What a pattern switch takes apart: an Integer, a String or a Box, by {@code v}. */
    public static Object pick(int v) {
        switch (Math.floorMod(v, 3)) {
            case 0:
                return v;
            case 1:
                return "s" + v;
            default:
                return new Box(v);
        }
    }

    /** A mutable value captured by actions: they see its state when they run, not at registration. */
    public static final class Box {
        public int v;

        public Box(int v) {
            this.v = v;
        }
    }

    /** The target of a constructor-reference action, {@code defer(Made::new)}. */
    public static final class Made {
        public Made() {
            log("made");
        }
    }

    /** The target of a static method-reference action, {@code defer(FuzzSupport::tick)}. */
    public static void tick() {
        log("tick");
    }

    /** A lambda body that is its own invocation scope (SPEC S8) and returns a value. */
    @FunctionalInterface
    public interface IntBody {
        int run() throws Throwable;
    }

    public static int callInt(IntBody body) throws Throwable {
        return body.run();
    }

    /** An action of the reference implementation. */
    @FunctionalInterface
    public interface RefAction {
        void run() throws Throwable;
    }

    /**
     * The reference implementation of SPEC S1-S6 for one invocation, written without jdefer. The
     * reference version of a program puts each invocation scope's body in
     * {@code try { body } catch (Throwable t) { s.fail(t); } finally { s.exit(); }} followed by
     * {@code return <default>;}: a {@code return} keeps its value unless an action throws, and an
     * exception that an action recovered falls through to the default value (S6).
     */
    public static final class RefScope {
        /**
         * S5 for a method-reference target: while an action {@code Cls::pN} runs, the pending
         * throwable is offered to that method; pN's body claims it on entry ({@link #claim}), and
         * whatever it leaves there is what is pending after the action. A stack, since a target's
         * own actions may be targets too.
         */
        private static final ThreadLocal<java.util.ArrayDeque<Offer>> OFFERS = ThreadLocal.withInitial(java.util.ArrayDeque::new);

        /** What an action's target method may recover; {@link #recover} as {@code Defers.recover()} in its body. */
        public static final class Offer {
            private final String target;
            private Throwable pending;
            private boolean claimed;

            Offer(String target, Throwable pending) {
                this.target = target;
                this.pending = pending;
            }

            public Throwable recover() {
                Throwable t = pending;
                pending = null;
                return t;
            }
        }

        /** An action that is the method reference {@code Cls::name} to a method whose body may recover. */
        private static final class TargetAction implements RefAction {
            final String name;
            final RefAction method;

            TargetAction(String name, RefAction method) {
                this.name = name;
                this.method = method;
            }

            @Override
            public void run() throws Throwable {
                method.run();
            }
        }

        public static RefAction target(String name, RefAction method) {
            return new TargetAction(name, method);
        }

        /** First thing in method {@code name}: the offer made to it as a running action, or nothing (a direct call). */
        public static Offer claim(String name) {
            Offer top = OFFERS.get().peek();
            if (top != null && top.target.equals(name) && !top.claimed) {
                top.claimed = true;
                return top;
            }
            return new Offer(name, null);
        }

        private static final int ALWAYS = 0;
        private static final int ON_ERROR = 1;
        private static final int ON_SUCCESS = 2;

        private final List<RefAction> actions = new ArrayList<>();
        private final List<Integer> kinds = new ArrayList<>();
        private Throwable pending;
        private boolean running;

        public void defer(RefAction action) {
            register(ALWAYS, action);
        }

        public void deferOnError(RefAction action) {
            register(ON_ERROR, action);
        }

        public void deferOnSuccess(RefAction action) {
            register(ON_SUCCESS, action);
        }

        private void register(int kind, RefAction action) {
            if (action == null) {
                throw new NullPointerException();
            }
            actions.add(action);
            kinds.add(kind);
        }

        /** The exception that is leaving the body. */
        public void fail(Throwable t) {
            pending = t;
        }

        /** S5: the pending throwable, cleared; {@code null} unless an action of this scope is running. */
        public Throwable recover() {
            if (!running) {
                return null;
            }
            Throwable t = pending;
            pending = null;
            return t;
        }

        /** S2-S4, S6: runs the actions last registered first, then throws what is pending. */
        public void exit() throws Throwable {
            running = true;
            for (int i = actions.size() - 1; i >= 0; i--) {
                int kind = kinds.get(i);
                if (kind == ON_ERROR && pending == null || kind == ON_SUCCESS && pending != null) {
                    continue;
                }
                try {
                    RefAction action = actions.get(i);
                    if (action instanceof TargetAction target) {
                        Offer offer = new Offer(target.name, pending);
                        OFFERS.get().push(offer);
                        try {
                            target.run();
                        } finally {
                            OFFERS.get().pop();
                            if (offer.claimed) {
                                pending = offer.pending;
                            }
                        }
                    } else {
                        action.run();
                    }
                } catch (Throwable t) {
                    if (pending == null) {
                        pending = t;
                    } else if (t != pending) {
                        pending.addSuppressed(t);
                    }
                }
            }
            running = false;
            if (pending != null) {
                throw pending;
            }
        }
    }
}
