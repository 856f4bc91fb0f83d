package io.jdefer.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdefer.testing.Compilation;
import io.jdefer.testing.Programs;
import io.jdefer.testing.Trace;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Frame methods in shapes that stress the rewriter rather than the runtime (SPEC C4, C5): locals
 * past slot 255 (wide instructions), a 71-case dispatch, switch fall-through, {@code @Defer}
 * locals whose close throws, and frame methods in inner classes, enums and records.
 */
class FrameShapesTest {
    static final String TEMPLATE = """
            package t;
            import static io.jdefer.Defers.*;
            import io.jdefer.*;
            import io.jdefer.testing.Trace;

            @Deferred
            public class Wide {
                static final class Res implements AutoCloseable {
                    final int n;
                    Res(int n) { this.n = n; }
                    public void close() { Trace.log("close " + n); if (n % 2 == 1) throw new IllegalStateException("close " + n); }
                }

                static double wideLocals(double seed, int n) {
WIDE_LOCALS
                    for (int i = 0; i < n; i++) {
                        double w = v299 + i;
                        long l = (long) v150;
                        defer(() -> Trace.log(w + " " + l));
                    }
                    return SUM;
                }

                static void closes(int n) {
                    for (int i = 0; i < n; i++) {
                        @Defer Res r = new Res(i);
                        r.hashCode();
                    }
                }

                static void seventyStaticOneDynamic(int n) {
STATIC_SITES
                    for (int i = 0; i < n; i++) {
                        int k = i;
                        defer(() -> Trace.log("d" + k));
                    }
                }

                static String fallThrough(String[] keys) {
                    StringBuilder b = new StringBuilder();
                    for (String key : keys) {
                        switch (key) {
                            case "a": defer(() -> Trace.log("case a")); break;
                            case "b": defer(() -> Trace.log("case b"));
                            default: defer(() -> Trace.log("default " + key));
                        }
                        b.append(key);
                    }
                    return b.toString();
                }

                final String name = "outer";
                class Inner {
                    int x = 5;
                    void run(int n) {
                        for (int i = 0; i < n; i++) {
                            int k = i;
                            defer(() -> Trace.log(name + " " + x + " " + k));
                        }
                    }
                }

                enum E {
                    A;
                    void go(int n) {
                        for (int i = 0; i < n; i++) {
                            int k = i;
                            defer(() -> Trace.log(name() + k));
                        }
                    }
                }

                record R(int a) {
                    void go(int n) {
                        for (int i = 0; i < n; i++) {
                            int k = i;
                            defer(() -> Trace.log("record " + a + " " + k));
                        }
                    }
                }
            }
            """;

    /** The template with its generated parts: 300 {@code double} locals (600 slots), their sum, 70 static sites. */
    static final String PROGRAM = TEMPLATE
            .replace("WIDE_LOCALS", lines(300, i -> "double v" + i + " = seed + " + i + ";"))
            .replace("SUM", IntStream.range(0, 300).filter(i -> i % 50 == 0).mapToObj(i -> "v" + i).collect(Collectors.joining(" + ")))
            .replace("STATIC_SITES", lines(70, i -> "defer(() -> Trace.log(\"s" + i + "\"));"));

    static String lines(int count, IntFunction<String> line) {
        return IntStream.range(0, count).mapToObj(i -> "        " + line.apply(i)).collect(Collectors.joining("\n"));
    }

    @BeforeEach
    void clearTrace() {
        Trace.take();
    }

    static Compilation program() {
        return Programs.compile(PROGRAM, "AUTO");
    }

    static Object invoke(Class<?> owner, Object target, String name, Class<?> parameter, Object argument) throws Exception {
        Method method = owner.getDeclaredMethod(name, parameter);
        method.setAccessible(true);
        return method.invoke(target, argument);
    }

    @Test
    void capturesFromLocalsPastSlot255_C4() throws Throwable {
        double sum = 0;
        for (int i = 0; i < 300; i += 50) {
            sum += 1.0 + i;
        }
        assertEquals(sum, program().call("t.Wide", "wideLocals", 1.0, 2));
        assertEquals(List.of("301.0 151", "300.0 151"), Trace.take());
    }

    @Test
    void deferLocalsInALoop_whoseCloseThrows_S4_S9() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> program().call("t.Wide", "closes", 4));
        assertEquals(List.of("close 3", "close 2", "close 1", "close 0"), Trace.take());
        assertEquals("close 3", e.getMessage());
        assertEquals("close 1", e.getSuppressed()[0].getMessage());
    }

    @Test
    void seventyStaticSitesAndOneDynamic_shareOneLifoOrder_S2() throws Throwable {
        program().call("t.Wide", "seventyStaticOneDynamic", 2);
        List<String> want = new ArrayList<>(List.of("d1", "d0"));
        for (int i = 69; i >= 0; i--) {
            want.add("s" + i);
        }
        assertEquals(want, Trace.take());
    }

    @Test
    void switchFallThrough_inALoop_registersEachSiteItPasses_S2() throws Throwable {
        assertEquals("abc", program().call("t.Wide", "fallThrough", (Object) new String[] {"a", "b", "c"}));
        assertEquals(List.of("default c", "default b", "case b", "case a"), Trace.take());
    }

    @Test
    void innerClassesEnumsAndRecords_haveFrameMethods_S8() throws Throwable {
        Compilation c = program();
        Class<?> wide = c.load("t.Wide");
        Constructor<?> outer = wide.getDeclaredConstructor();
        outer.setAccessible(true);
        Class<?> inner = c.load("t.Wide$Inner");
        Constructor<?> innerConstructor = inner.getDeclaredConstructor(wide);
        innerConstructor.setAccessible(true);
        invoke(inner, innerConstructor.newInstance(outer.newInstance()), "run", int.class, 2);
        Class<?> e = c.load("t.Wide$E");
        invoke(e, e.getEnumConstants()[0], "go", int.class, 2);
        Class<?> r = c.load("t.Wide$R");
        Constructor<?> record = r.getDeclaredConstructor(int.class);
        record.setAccessible(true);
        invoke(r, record.newInstance(7), "go", int.class, 2);
        assertEquals(List.of("outer 5 1", "outer 5 0", "A1", "A0", "record 7 1", "record 7 0"), Trace.take());
    }
}
