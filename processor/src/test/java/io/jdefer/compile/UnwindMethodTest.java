package io.jdefer.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.classfile.ClassFileRewrite;
import io.jdefer.classfile.RewriteOutcome;
import io.jdefer.testing.Bytecodes;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import io.jdefer.testing.Trace;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * D37: the exceptional exit of javac's try/finally shape runs the action in a private static method
 * the class gets, shared by the methods whose actions are the same call on captures of the same
 * types; the method's handler only calls it. Behaviour first (S4, S5, S6, S9 through the added
 * method), then what is added (one per action, named without clashing, none in an interface whose
 * class file cannot have private methods).
 */
class UnwindMethodTest {
    static final String PROGRAM = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;
            import java.util.concurrent.locks.ReentrantLock;

            public class Unwinds {
                final ReentrantLock lock = new ReentrantLock();
                final ReentrantLock other = new ReentrantLock();
                int count;

                @Deferred int size() { lock.lock(); defer(lock::unlock); return count; }
                @Deferred int fail() { lock.lock(); defer(lock::unlock); throw new IllegalStateException("body"); }
                @Deferred int failOther() { other.lock(); defer(other::unlock); throw new IllegalStateException("other"); }
                @Deferred void unlockNotHeld() {
                    ReentrantLock notHeld = new ReentrantLock();
                    defer(notHeld::unlock);
                    throw new IllegalArgumentException("body");
                }
                @Deferred void failWithStream(boolean open) throws Exception {
                    @Defer AutoCloseable in = open ? () -> Trace.log("closed") : null;
                    throw new IllegalStateException("stream " + open);
                }
                @Deferred void failWithTwoInts(int a, int b) {
                    defer(() -> Trace.log("ints " + a + " " + b));
                    throw new IllegalStateException("ints");
                }
                static void jdefer$unwind0() {}

                public static final class Guard {
                    @Deferred void close() { Throwable t = recover(); Trace.log("guard " + (t == null ? "-" : t.getMessage())); }
                }
                @Deferred static long guarded(Guard g, long v) { defer(g::close); if (v < 0) throw new IllegalStateException("negative"); return v; }

                public interface Locked {
                    ReentrantLock lock();
                    @Deferred default int failLocked() { lock().lock(); ReentrantLock l = lock(); defer(l::unlock); throw new IllegalStateException("locked"); }
                }
                public static final class LockedImpl implements Locked {
                    final ReentrantLock lock = new ReentrantLock();
                    public ReentrantLock lock() { return lock; }
                }
            }
            """;

    static Compilation program() {
        return Holder.PROGRAM;
    }

    private static final class Holder {
        static final Compilation PROGRAM = Javac.javac().options("-g").compile(UnwindMethodTest.PROGRAM).assertSuccess().assertVerifies();
    }

    @BeforeEach
    void clear() {
        Trace.take();
    }

    @Test
    void theExceptionalExit_runsTheAction_andThrowsTheBodysException_S2_S6() throws Throwable {
        Compilation c = program();
        Object unwinds = c.load("t.Unwinds").getDeclaredConstructor().newInstance();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> invoke(unwinds, "fail"));
        assertEquals("body", e.getMessage());
        assertEquals(0, e.getSuppressed().length);
        java.lang.reflect.Field field = unwinds.getClass().getDeclaredField("lock");
        field.setAccessible(true);
        Object lock = field.get(unwinds);
        assertEquals(false, ((java.util.concurrent.locks.ReentrantLock) lock).isLocked(), "unlocked on the exceptional exit");
    }

    @Test
    void anActionThatThrowsOnTheExceptionalExit_isSuppressedIntoTheBodysException_andItsTraceShowsTheSiteLine_S4() throws Throwable {
        Object unwinds = program().load("t.Unwinds").getDeclaredConstructor().newInstance();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> invoke(unwinds, "unlockNotHeld"));
        assertEquals("body", e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        Throwable suppressed = e.getSuppressed()[0];
        assertEquals(IllegalMonitorStateException.class, suppressed.getClass());
        int siteLine = lineOf("defer(notHeld::unlock)");
        StackTraceElement caller = Arrays.stream(suppressed.getStackTrace())
                .filter(frame -> frame.getMethodName().equals("unlockNotHeld")).findFirst().orElseThrow();
        assertEquals(siteLine, caller.getLineNumber(), "the method's frame is at the registration's line: "
                + Arrays.toString(suppressed.getStackTrace()));
    }

    @Test
    void aDeferLocal_isClosedOnTheExceptionalExit_unlessItIsNull_S9() throws Throwable {
        Object unwinds = program().load("t.Unwinds").getDeclaredConstructor().newInstance();
        assertEquals("stream true", assertThrows(IllegalStateException.class, () -> invoke(unwinds, "failWithStream", true)).getMessage());
        assertEquals(List.of("closed"), Trace.take());
        assertEquals("stream false", assertThrows(IllegalStateException.class, () -> invoke(unwinds, "failWithStream", false)).getMessage());
        assertEquals(List.of(), Trace.take(), "a null @Defer local registered nothing");
    }

    @Test
    void capturesOfSeveralValues_arePassedInOrder_S1() throws Throwable {
        Object unwinds = program().load("t.Unwinds").getDeclaredConstructor().newInstance();
        assertThrows(IllegalStateException.class, () -> invoke(unwinds, "failWithTwoInts", 3, 4));
        assertEquals(List.of("ints 3 4"), Trace.take());
    }

    @Test
    void aRecoveringTarget_recoversThroughTheAddedMethod_andTheMethodReturnsTheDefault_S5_S6() throws Throwable {
        Compilation c = program();
        Object guard = c.load("t.Unwinds$Guard").getDeclaredConstructor().newInstance();
        assertEquals(0L, c.call("t.Unwinds", "guarded", guard, -1L));
        assertEquals(List.of("guard negative"), Trace.take());
        assertEquals(5L, c.call("t.Unwinds", "guarded", guard, 5L));
        assertEquals(List.of("guard -"), Trace.take(), "nothing pending at a return");
    }

    @Test
    void anInterfacesDefaultMethod_getsAPrivateStaticExit_D37() throws Throwable {
        Compilation c = program();
        ClassNode locked = Bytecodes.classNode(c.bytes("t.Unwinds$Locked"));
        assertEquals(1, unwindMethods(locked).size(), "a private static method in the interface (class file 61)");
        Object impl = c.load("t.Unwinds$LockedImpl").getDeclaredConstructor().newInstance();
        assertEquals("locked", assertThrows(IllegalStateException.class, () -> invoke(impl, "failLocked")).getMessage());
        java.util.concurrent.locks.ReentrantLock lock = (java.util.concurrent.locks.ReentrantLock) invoke(impl, "lock");
        assertEquals(false, lock.isLocked());
    }

    @Test
    void methodsWithTheSameAction_shareOneAddedMethod_andOthersGetTheirOwn_namedWithoutClashing_D37() {
        ClassNode unwinds = Bytecodes.classNode(program().bytes("t.Unwinds"));
        Map<String, MethodNode> added = unwinds.methods.stream().filter(m -> (m.access & Opcodes.ACC_SYNTHETIC) != 0
                && m.name.startsWith("jdefer$unwind")).collect(Collectors.toMap(m -> m.name, m -> m));
        for (MethodNode method : added.values()) {
            assertEquals(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, method.access, method.name);
        }
        assertTrue(unwinds.methods.stream().anyMatch(m -> m.name.equals("jdefer$unwind0") && (m.access & Opcodes.ACC_SYNTHETIC) == 0),
                "the user's own jdefer$unwind0 is kept");
        String sizeCall = unwindCalledBy(unwinds, "size");
        assertEquals(sizeCall, unwindCalledBy(unwinds, "fail"), "size() and fail() unlock a ReentrantLock: one added method");
        assertEquals(sizeCall, unwindCalledBy(unwinds, "failOther"), "the same call on another lock of the same type");
        assertEquals(sizeCall, unwindCalledBy(unwinds, "unlockNotHeld"), "and on a lock in a local");
        assertEquals("jdefer$unwind0$", sizeCall, "numbered from 0 in class-file order, past the user's name");
        assertEquals("jdefer$unwind1", unwindCalledBy(unwinds, "failWithStream"), "a @Defer local's close has its own");
        assertNotNull(added.get(unwindCalledBy(unwinds, "guarded")));
        assertEquals(4, added.size(), "ReentrantLock.unlock, the @Defer local's close, the two-int lambda, the guard's close");
    }

    @Test
    void theSameInput_getsTheSameAddedMethods_determinism() {
        byte[] first = program().bytes("t.Unwinds");
        byte[] second = Javac.javac().options("-g").compile(PROGRAM).assertSuccess().bytes("t.Unwinds");
        assertArrayEquals(first, second);
    }

    @Test
    void anInterfaceWhoseClassFileCannotHavePrivateMethods_keepsTheExitInTheMethod_D37() {
        Map<String, byte[]> plain = Javac.javac().withoutProcessor().options("-g").compile(PROGRAM).assertSuccess().classes();
        // the interface as an older compiler would have written it: class file 52 (Java 8), no private methods
        byte[] java8 = withVersion(plain.get("t.Unwinds$Locked"), Opcodes.V1_8);
        RewriteOutcome outcome = ClassFileRewrite.rewrite(java8, name -> plain.get(name.replace('/', '.')), false);
        assertEquals(List.of(), outcome.problems());
        ClassNode rewritten = Bytecodes.classNode(outcome.bytes());
        assertEquals(List.of(), unwindMethods(rewritten), "no method added");
        MethodNode failLocked = Bytecodes.method(outcome.bytes(), "failLocked");
        assertEquals(List.of("merge"), Bytecodes.callsTo(failLocked, "io/jdefer/runtime/Deferrals"), "S4's merge in the method itself");
        assertEquals("", Compilation.verify(outcome.bytes(), getClass().getClassLoader()));
    }

    private static List<MethodNode> unwindMethods(ClassNode owner) {
        return owner.methods.stream().filter(m -> (m.access & Opcodes.ACC_SYNTHETIC) != 0 && m.name.startsWith("jdefer$unwind")).toList();
    }

    private static String unwindCalledBy(ClassNode owner, String name) {
        MethodNode method = owner.methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
        List<String> calls = Bytecodes.callsTo(method, owner.name).stream().filter(call -> call.startsWith("jdefer$unwind")).toList();
        assertEquals(1, calls.size(), name + " calls one added method");
        return calls.get(0);
    }

    private static byte[] withVersion(byte[] classFile, int version) {
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(classFile).accept(new org.objectweb.asm.ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int v, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(version, access, name, signature, superName, interfaces);
            }
        }, 0);
        return writer.toByteArray();
    }

    private static int lineOf(String text) {
        String[] lines = PROGRAM.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text);
    }

    private static Object invoke(Object target, String name, Object... arguments) throws Throwable {
        for (java.lang.reflect.Method method : target.getClass().getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == arguments.length) {
                return call(method, target, arguments);
            }
        }
        for (java.lang.reflect.Method method : target.getClass().getDeclaredMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == arguments.length) {
                method.setAccessible(true);
                return call(method, target, arguments);
            }
        }
        throw new AssertionError("no method " + name);
    }

    private static Object call(java.lang.reflect.Method method, Object target, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
