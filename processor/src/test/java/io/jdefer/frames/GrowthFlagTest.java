package io.jdefer.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdefer.testing.Bytecodes;
import io.jdefer.testing.Compilation;
import io.jdefer.testing.Javac;
import io.jdefer.testing.Trace;
import java.io.ObjectStreamClass;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;

/**
 * D24: a frame method borrows in its prologue once a call of it has borrowed, read from a
 * {@code private static synthetic boolean} of its class, so that a loop that registers holds no
 * pool code (docs/decisions.md, docs/performance.md). C4's rules stay: a call that never needed a
 * frame before borrows none, the order is S2's.
 */
class GrowthFlagTest {
    static final String PROGRAM = """
            package t;

            import static io.jdefer.Defers.defer;
            import io.jdefer.Deferred;
            import io.jdefer.testing.Trace;

            public class Grows implements java.io.Serializable {
                private static final long unrelated = 1;
                int count;

                public Grows() {}

                @Deferred
                public Grows(int n) { // a constructor's prologue runs before super(...): no flag
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("built " + k));
                    }
                }

                @Deferred
                static void loop(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("entry " + k));
                    }
                }

                @Deferred
                void flushes(int n) { // stores nothing: no frame, no flag
                    for (int i = 0; i < n; i++) {
                        defer(this::flush);
                    }
                }

                void flush() { count++; }
            }
            """;

    static final String INTERFACE = """
            package t;

            import static io.jdefer.Defers.defer;
            import io.jdefer.Deferred;
            import io.jdefer.testing.Trace;

            public interface Walks {
                @Deferred
                static void walk(int n) {
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("step " + k));
                    }
                }
            }
            """;

    @BeforeEach
    void clearTrace() {
        Trace.take();
    }

    /** Not cached with other programs: the flag is per class, and this test watches it go from false to true. */
    static Compilation fresh() {
        return Javac.javac().compile(PROGRAM, INTERFACE).assertVerifies();
    }

    @Test
    void theProloguesBorrow_startsAfterTheFirstCallThatBorrowed_C4_D24() throws Throwable {
        Compilation c = fresh();
        FrameSemanticsTest.onFreshThread(() -> {
            c.call("t.Grows", "loop", 0);
            c.call("t.Grows", "loop", 4);
            assertEquals(-1, PoolProbe.cachedFrames(), "no call has needed a frame (four entries stay in locals, D32): none borrowed, no thread cache");
            c.call("t.Grows", "loop", 6);
            assertEquals(1, PoolProbe.cachedFrames(), "the fifth registration borrowed, the exit gave the frame back");
        });
        assertEquals(List.of("entry 3", "entry 2", "entry 1", "entry 0", "entry 5", "entry 4", "entry 3", "entry 2", "entry 1", "entry 0"),
                Trace.take(), "S2 with and without a frame");
        FrameSemanticsTest.onFreshThread(() -> {
            c.call("t.Grows", "loop", 0);
            assertEquals(1, PoolProbe.cachedFrames(), "after a call borrowed, the prologue borrows even when nothing registers");
            c.call("t.Grows", "loop", 2);
            assertEquals(1, PoolProbe.cachedFrames(), "one frame, given back");
        });
        assertEquals(List.of("entry 1", "entry 0"), Trace.take(), "S2 with the frame the prologue borrowed");
    }

    @Test
    void theFlag_isAPrivateStaticSyntheticField_onlyForMethodsThatBorrow_D24() throws Throwable {
        Compilation c = fresh();
        Class<?> grows = c.load("t.Grows");
        List<Field> flags = Arrays.stream(grows.getDeclaredFields()).filter(Field::isSynthetic).toList();
        assertEquals(1, flags.size(), "loop has a flag; flushes stores nothing, the constructor borrows at the registration: " + flags);
        Field flag = flags.get(0);
        assertEquals(boolean.class, flag.getType());
        assertEquals(Modifier.PRIVATE | Modifier.STATIC, flag.getModifiers() & (Modifier.PRIVATE | Modifier.STATIC | Modifier.PUBLIC | Modifier.FINAL));
        ClassNode node = Bytecodes.classNode(c.bytes("t.Grows"));
        assertTrue(node.methods.stream().anyMatch(m -> m.name.equals("loop") && flag.getName().equals("jdefer$grew" + node.methods.indexOf(m))),
                "named after the method's index in the class file (SPEC section 6): " + flag.getName());
    }

    /** The plan decides the flag; -Ajdefer.verbose and the field read it (SPEC section 5: one model). */
    @Test
    void verboseNamesTheFlagTheClassGets_andOnlyForTheMethodThatHasIt_D24() throws Throwable {
        Compilation c = Javac.javac().options("-Ajdefer.verbose").compile(PROGRAM, INTERFACE).assertSuccess();
        Field flag = Arrays.stream(c.load("t.Grows").getDeclaredFields()).filter(Field::isSynthetic).findFirst().orElseThrow();
        List<String> notes = c.diagnostics(Diagnostic.Kind.NOTE).stream().map(d -> d.getMessage(Locale.ROOT))
                .filter(m -> m.startsWith("jdefer: t.")).toList();
        List<String> borrowing = notes.stream().filter(m -> m.contains("borrows in the prologue")).toList();
        assertEquals(1, borrowing.size(), "only loop's frame has a flag: " + notes);
        assertTrue(borrowing.get(0).contains("t.Grows.loop(I)V: frame (site in a loop)")
                && borrowing.get(0).endsWith(", borrows in the prologue once " + flag.getName() + " is set"), borrowing.get(0));
        assertEquals(4, notes.size(), "loop, flushes, the constructor and walk are each rewritten: " + notes);
    }

    @Test
    void theFlag_leavesTheDefaultSerialVersionUidAsJavacWroteIt_D24() throws Throwable {
        Compilation rewritten = fresh();
        Compilation plain = Javac.javac().withoutProcessor().compile(PROGRAM, INTERFACE);
        long with = ObjectStreamClass.lookup(rewritten.load("t.Grows")).getSerialVersionUID();
        long without = ObjectStreamClass.lookup(plain.load("t.Grows")).getSerialVersionUID();
        assertEquals(without, with, "a private static field is outside the default serialVersionUID's hash");
    }

    @Test
    void aConstructorWithALoopSite_borrowsAtTheRegistration_andGivesTheFrameBack_C4_D24() throws Throwable {
        Compilation c = fresh();
        Class<?> grows = c.load("t.Grows");
        FrameSemanticsTest.onFreshThread(() -> {
            grows.getConstructor(int.class).newInstance(5);
            grows.getConstructor(int.class).newInstance(0);
            assertEquals(1, PoolProbe.cachedFrames(), "borrowed by the fifth registration (D32), given back at exit");
        });
        assertEquals(List.of("built 4", "built 3", "built 2", "built 1", "built 0"), Trace.take());
    }

    @Test
    void anInterfaceHasNoFlag_itsFrameMethodsBorrowAtTheRegistration_C4_D24() throws Throwable {
        Compilation c = fresh();
        Class<?> walks = c.load("t.Walks");
        assertEquals(List.of(), Arrays.stream(walks.getDeclaredFields()).map(Field::getName).toList(),
                "an interface's fields are public static final: no flag");
        FrameSemanticsTest.onFreshThread(() -> {
            c.call("t.Walks", "walk", 3);
            c.call("t.Walks", "walk", 0);
        });
        assertEquals(List.of("step 2", "step 1", "step 0"), Trace.take());
    }
}
