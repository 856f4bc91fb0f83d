package io.jdefer.frames;

import io.jdefer.runtime.FramePool;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Reads the runtime pool's package-private test hooks ({@code FramePool.cachedFrames()} and
 * friends) by reflection: the runtime is on the class path, in the unnamed module, so its
 * package-private members are reachable with {@code setAccessible}.
 */
final class PoolProbe {
    private PoolProbe() {}

    /** Frames the calling platform thread keeps, or {@code -1} when it never took one. */
    static int cachedFrames() {
        return call("cachedFrames");
    }

    /** Slots held by the calling platform thread's cached frames. */
    static int cachedCapacity() {
        return call("cachedCapacity");
    }

    /** Frames in the shared pool of virtual threads. */
    static int sharedPooled() {
        return call("sharedPooled");
    }

    /** Slots held by the frames in the shared pool. */
    static int sharedCapacity() {
        return call("sharedCapacity");
    }

    /** Slots held by the largest frame in the shared pool. */
    static int sharedLargestFrame() {
        return call("sharedLargestFrame");
    }

    /** A package-private {@code static final int} of the runtime, e.g. {@code FramePool.SHARED_SLOTS}. */
    static int constant(Class<?> owner, String name) {
        try {
            java.lang.reflect.Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field.getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static int call(String hook) {
        try {
            Method method = FramePool.class.getDeclaredMethod(hook);
            method.setAccessible(true);
            return (int) method.invoke(null);
        } catch (InvocationTargetException e) {
            throw new AssertionError(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("runtime test hook FramePool." + hook + "() is missing", e);
        }
    }
}
