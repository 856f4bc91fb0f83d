package io.jdefer.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Bytecodes;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import java.io.ObjectStreamClass;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * D25 (D17 moved): the runtime classes a rewritten class's handlers call ({@code Deferrals}, and
 * {@code Recovery} with a {@code recover()} hand-off) are read once, first thing in the class's
 * static initializer, which runs before any of its methods, instead of in every rewritten method;
 * except where adding a static initializer would change the default {@code serialVersionUID} (a
 * class that may be serializable, with none of its own and no initializer), which keeps D17's
 * reads per method. ColdRuntimeTest checks that the runtime stays loadable through an overflow.
 */
class RuntimeByInitializerTest {
    private static final String PROGRAM = """
            package t;

            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import java.util.concurrent.locks.ReentrantLock;

            public class Plain {
                final ReentrantLock lock = new ReentrantLock();
                int count;

                @Deferred int size() { lock.lock(); defer(lock::unlock); return count; }
                @Deferred void each(int n) { for (int i = 0; i < n; i++) { int k = i; defer(() -> count += k); } }
            }
            """;

    private static final String RECOVERS = """
            package t;

            import static io.jdefer.Defers.*;
            import io.jdefer.*;

            public class Recovers {
                static int seen;
                @Deferred static void settle() { if (recover() != null) { seen++; } }
                @Deferred static int run() { defer(Recovers::settle); throw new IllegalStateException("x"); }
            }
            """;

    private static final String SERIALIZABLE = """
            package t;

            import static io.jdefer.Defers.*;
            import io.jdefer.*;

            public class Ser implements java.io.Serializable {
                int count;
                @Deferred int bump() { defer(() -> count++); return count; }
            }
            """;

    private static final String SERIALIZABLE_WITH_INITIALIZER = """
            package t;

            import static io.jdefer.Defers.*;
            import io.jdefer.*;

            public class SerInit implements java.io.Serializable {
                static final Object LOCK = new Object();
                int count;
                @Deferred int bump() { defer(() -> count++); return count; }
            }
            """;

    /** A {@code serialVersionUID} that is not {@code final} is not one to serialization: the default is computed. */
    private static final String SERIALIZABLE_NON_FINAL_UID = """
            package t;

            import static io.jdefer.Defers.*;
            import io.jdefer.*;

            public class SerNonFinal implements java.io.Serializable {
                static long serialVersionUID;
                int count;
                @Deferred int bump() { defer(() -> count++); return count; }
            }
            """;

    private static Compilation rewritten() {
        return Javac.javac().compile(PROGRAM, RECOVERS, SERIALIZABLE, SERIALIZABLE_WITH_INITIALIZER, SERIALIZABLE_NON_FINAL_UID)
                .assertSuccess().assertVerifies();
    }

    /** The runtime constants a method reads ({@code Deferrals.NONE}, {@code Recovery.READY}), in order. */
    private static List<String> runtimeReads(MethodNode method) {
        List<String> reads = new ArrayList<>();
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof FieldInsnNode field && field.owner.startsWith("io/jdefer/runtime/")) {
                reads.add(field.owner.substring(field.owner.lastIndexOf('/') + 1) + "." + field.name);
            }
        }
        return reads;
    }

    private static MethodNode method(ClassNode owner, String name) {
        return owner.methods.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aClassThatCannotBeSerialized_readsTheRuntimeInItsInitializer_andNoMethodDoes_D25() {
        ClassNode plain = Bytecodes.classNode(rewritten().bytes("t.Plain"));
        assertEquals(List.of("Deferrals.NONE"), runtimeReads(method(plain, "<clinit>")), "a static initializer added, reading Deferrals");
        for (String name : List.of("size", "each")) {
            assertEquals(List.of(), runtimeReads(method(plain, name)).stream().filter(r -> r.endsWith("NONE") || r.endsWith("READY")).toList(),
                    name + " reads no runtime constant: the initializer ran before it");
        }
        ClassNode recovers = Bytecodes.classNode(rewritten().bytes("t.Recovers"));
        assertEquals(List.of("Deferrals.NONE", "Recovery.READY"), runtimeReads(method(recovers, "<clinit>")),
                "a site whose action may recover() adds Recovery, which its handler calls");
        assertEquals(List.of(), runtimeReads(method(recovers, "run")));
    }

    @Test
    void theRewrittenClassesBehaveAsBefore_S4_S5() throws Throwable {
        Compilation c = rewritten();
        assertEquals(0, c.call("t.Recovers", "run"), "S6: recovered, the default value");
        Class<?> type = c.load("t.Plain");
        Object plain = type.getConstructor().newInstance();
        Method each = type.getDeclaredMethod("each", int.class);
        each.setAccessible(true);
        each.invoke(plain, 4);
        Field count = type.getDeclaredField("count");
        count.setAccessible(true);
        assertEquals(6, count.getInt(plain), "S2: the four entries ran");
    }

    @Test
    void aSerializableClassWithoutAnInitializer_keepsTheReadsPerMethod_andItsSerialVersionUid_D17_D25() throws Throwable {
        Compilation c = rewritten();
        ClassNode ser = Bytecodes.classNode(c.bytes("t.Ser"));
        assertTrue(ser.methods.stream().noneMatch(m -> m.name.equals("<clinit>")), "no static initializer added");
        assertEquals(List.of("Deferrals.NONE"), runtimeReads(method(ser, "bump")), "D17: the method reads the runtime itself");
        Compilation plain = Javac.javac().withoutProcessor().compile(SERIALIZABLE, SERIALIZABLE_WITH_INITIALIZER, SERIALIZABLE_NON_FINAL_UID);
        for (String name : List.of("t.Ser", "t.SerInit", "t.SerNonFinal")) {
            assertEquals(ObjectStreamClass.lookup(plain.load(name)).getSerialVersionUID(), ObjectStreamClass.lookup(c.load(name)).getSerialVersionUID(),
                    name + ": the default serialVersionUID hashes whether a static initializer exists, so that must not change");
        }
        ClassNode serInit = Bytecodes.classNode(c.bytes("t.SerInit"));
        assertEquals("Deferrals.NONE", runtimeReads(method(serInit, "<clinit>")).get(0), "its own initializer reads the runtime first");
        assertEquals(List.of(), runtimeReads(method(serInit, "bump")));
    }
}
