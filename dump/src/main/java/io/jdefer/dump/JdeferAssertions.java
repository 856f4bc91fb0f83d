package io.jdefer.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Assertions on what jdefer made of a class, for users' tests (JUnit or any other: failures are
 * plain {@link AssertionError}s). Built on the same analysis as {@code jdefer-dump -S}; a failure
 * message carries the method's listing.
 *
 * <pre>
 *   import static io.jdefer.dump.JdeferAssertions.assertThat;
 *
 *   assertThat(Handler.class).method("handle").isOpenCoded().allocatesNothing();
 *   assertThat(Handler.class).allocatesNothing();   // every method in a @Deferred scope
 * </pre>
 *
 * The class file is read through the class's own loader ({@code getResourceAsStream}), so it is
 * exactly what the test runs.
 */
public final class JdeferAssertions {
    private JdeferAssertions() {}

    public static ClassAssert assertThat(Class<?> type) {
        ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : ClassLoader.getSystemClassLoader();
        String name = type.getName().replace('.', '/');
        byte[] bytes = read(loader, name);
        if (bytes == null) {
            throw new AssertionError("cannot read the class file of " + type.getName() + " from its class loader " + loader);
        }
        return new ClassAssert(new ClassAnalyzer(other -> read(loader, other)).analyze(bytes));
    }

    /** The dump of a class file, for checks of your own. */
    public static ClassDump dump(Class<?> type) {
        return assertThat(type).dump();
    }

    private static byte[] read(ClassLoader loader, String internalName) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Assertions on a whole class. */
    public static final class ClassAssert {
        private final ClassDump dump;

        ClassAssert(ClassDump dump) {
            this.dump = dump;
        }

        public ClassDump dump() {
            return dump;
        }

        /** The one method named {@code name}; fails when there is none, or several (then name the descriptor too). */
        public MethodAssert method(String name) {
            return method(name, null);
        }

        /** The method {@code name} with descriptor {@code descriptor} ({@code "(I)I"}), or any descriptor when {@code null}. */
        public MethodAssert method(String name, String descriptor) {
            List<MethodDump> found = new ArrayList<>();
            for (MethodDump method : dump.methods()) {
                if (method.name().equals(name) && (descriptor == null || method.descriptor().equals(descriptor))) {
                    found.add(method);
                }
            }
            if (found.size() != 1) {
                throw new AssertionError("want one method " + name + (descriptor == null ? "" : descriptor) + " in "
                        + dump.name().replace('/', '.') + ", have " + found.size() + ": "
                        + dump.methods().stream().map(m -> m.name() + m.descriptor()).collect(Collectors.joining(", ")));
            }
            return new MethodAssert(found.get(0));
        }

        /** No method in a {@code @Deferred} scope allocates on its normal path, in jdefer's code or its own ({@code --check-all}). */
        public ClassAssert allocatesNothing() {
            return offenders(true, "allocations on the normal path:\n");
        }

        /** jdefer added no allocation to the normal path of any method ({@code --check}); their own code may allocate. */
        public ClassAssert jdeferAddsNoAllocation() {
            return offenders(false, "allocations jdefer added to the normal path:\n");
        }

        private ClassAssert offenders(boolean all, String heading) {
            List<String> offenders = AllocationCheck.offenders(dump, m -> true, all);
            if (!offenders.isEmpty()) {
                throw new AssertionError(heading + String.join("\n", offenders));
            }
            return this;
        }
    }

    /** Assertions on one method. */
    public static final class MethodAssert {
        private final MethodDump method;

        MethodAssert(MethodDump method) {
            this.method = method;
        }

        public MethodDump dump() {
            return method;
        }

        /** No allocation on the normal path (docs/dump.md, "Normal path"); the exception path may allocate. */
        public MethodAssert allocatesNothing() {
            if (!method.normalPathAllocations().isEmpty()) {
                fail("allocates on its normal path: " + method.normalPathAllocations().stream()
                        .map(i -> i.allocation() + " (pc " + i.pc() + ", line " + i.line() + ")").collect(Collectors.joining(", ")));
            }
            return this;
        }

        /** jdefer added no allocation to the normal path ({@code --check}); the method's own code may allocate. */
        public MethodAssert jdeferAddsNoAllocation() {
            if (!method.jdeferNormalPathAllocations().isEmpty()) {
                fail("has allocations jdefer added to its normal path: " + method.jdeferNormalPathAllocations().stream()
                        .map(i -> i.allocation() + " (pc " + i.pc() + ", line " + i.line() + ")").collect(Collectors.joining(", ")));
            }
            return this;
        }

        /** No allocation anywhere in the method's bytecode, exception paths included. */
        public MethodAssert allocatesNothingAnywhere() {
            if (!method.allocations().isEmpty()) {
                fail("allocates: " + method.allocations().stream().map(i -> i.allocation() + " (pc " + i.pc() + ")")
                        .collect(Collectors.joining(", ")));
            }
            return this;
        }

        public MethodAssert isRewritten() {
            if (!method.isRewritten()) {
                fail("was not rewritten by jdefer (no JdeferLowering attribute: no defer sites, or the processor did not run)");
            }
            return this;
        }

        /** Lowered with open-coded defers: bits in a mask, no frame (SPEC C3). */
        public MethodAssert isOpenCoded() {
            return strategy(io.jdefer.plan.JdeferLowering.Strategy.OPEN_CODED);
        }

        /** Lowered with a pooled deferral frame (SPEC C4). */
        public MethodAssert usesFrame() {
            return strategy(io.jdefer.plan.JdeferLowering.Strategy.FRAME);
        }

        /** Has {@code count} registration sites. */
        public MethodAssert hasSites(int count) {
            isRewritten();
            if (method.lowering().sites().size() != count) {
                fail("has " + method.lowering().sites().size() + " defer sites, want " + count);
            }
            return this;
        }

        /** The code is at most {@code bytes} long (e.g. {@link MethodDump#FREQ_INLINE_SIZE}, to stay inlinable when hot). */
        public MethodAssert codeSizeAtMost(int bytes) {
            if (method.codeSize() > bytes) {
                fail("has " + method.codeSize() + " bytes of code, want at most " + bytes);
            }
            return this;
        }

        private MethodAssert strategy(io.jdefer.plan.JdeferLowering.Strategy want) {
            isRewritten();
            if (method.lowering().strategy() != want) {
                fail("is " + method.lowering().strategy().label() + ", want " + want.label());
            }
            return this;
        }

        private void fail(String message) {
            throw new AssertionError(method.displayName() + " " + message + "\n\n" + new Listing(null, null).render(method));
        }
    }
}
