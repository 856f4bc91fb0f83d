package io.jdefer.dump;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --check}: every allocation on the normal path of a method in a {@code @Deferred} scope,
 * one line each, in the {@code file:line: message} form editors and CI logs link. Static
 * initializers are left out: they run once per class, not per call.
 */
public final class AllocationCheck {
    private AllocationCheck() {}

    /** Whether {@code --check} looks at {@code method}. */
    public static boolean applies(MethodDump method) {
        return (method.inScope() || method.isRewritten()) && !method.name().equals("<clinit>");
    }

    /** The offenders of {@code dump} among the methods {@code selected} accepts. */
    public static List<String> offenders(ClassDump dump, java.util.function.Predicate<MethodDump> selected) {
        List<String> lines = new ArrayList<>();
        String file = sourcePath(dump);
        for (MethodDump method : dump.methods()) {
            if (!applies(method) || !selected.test(method)) {
                continue;
            }
            for (Instruction insn : method.normalPathAllocations()) {
                lines.add(file + ":" + insn.line() + ": " + method.displayName() + " allocates on its normal path: "
                        + insn.allocation() + " (pc " + insn.pc() + ")");
            }
        }
        return lines;
    }

    /** {@code t/Locks.java}, from the package and the {@code SourceFile} attribute. */
    static String sourcePath(ClassDump dump) {
        int slash = dump.name().lastIndexOf('/');
        String pkg = slash < 0 ? "" : dump.name().substring(0, slash + 1);
        return pkg + (dump.sourceFile() != null ? dump.sourceFile() : dump.name().substring(slash + 1) + ".class");
    }
}
