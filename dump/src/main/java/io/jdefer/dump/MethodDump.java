package io.jdefer.dump;

import io.jdefer.plan.JdeferLowering;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything the dump knows about one method: its scope, what jdefer did to it, and its annotated
 * instructions. The same value backs the {@code -S} listing, {@code --check} and
 * {@link JdeferAssertions}.
 *
 * @param owner the class's internal name ({@code t/Locks})
 * @param requested the strategy the nearest {@code @Deferred} asks for, or {@code null} outside every scope
 * @param lowering what the rewriter did, or {@code null} when it did not change the method
 * @param loweringError why the {@code JdeferLowering} attribute could not be read, or {@code null}
 * @param codeSize the length of the code array, in bytes
 * @param handlers the exception table, one {@code "from to target type"} entry per handler
 * @param onlyOnError a lambda body that is called only on the exception path (a {@code deferOnError} action)
 */
public record MethodDump(String owner, String name, String descriptor, String requested, JdeferLowering lowering, String loweringError,
                         int codeSize, List<Instruction> instructions, List<String> handlers, boolean onlyOnError) {
    /** HotSpot's default {@code -XX:MaxInlineSize}: a callee this small is inlined at any call site. */
    public static final int MAX_INLINE_SIZE = 35;
    /** HotSpot's default {@code -XX:FreqInlineSize} on x86_64 and AArch64: the limit for hot call sites. */
    public static final int FREQ_INLINE_SIZE = 325;

    public MethodDump {
        instructions = List.copyOf(instructions);
        handlers = List.copyOf(handlers);
    }

    /** {@code t.Locks.increment(I)I} */
    public String displayName() {
        return owner.replace('/', '.') + "." + name + descriptor;
    }

    public boolean inScope() {
        return requested != null;
    }

    public boolean isRewritten() {
        return lowering != null;
    }

    public List<Instruction> allocations() {
        return instructions.stream().filter(Instruction::allocates).collect(Collectors.toList());
    }

    /** The allocations on the normal path (docs/dump.md), jdefer's and the method's own: what {@code --check} reports. */
    public List<Instruction> normalPathAllocations() {
        if (onlyOnError) {
            return List.of();
        }
        return instructions.stream().filter(i -> i.allocates() && i.normalPath()).collect(Collectors.toList());
    }

    /** The allocations jdefer added to the normal path (in its {@code JdeferLowering} regions): what fails {@code --check}. */
    public List<Instruction> jdeferNormalPathAllocations() {
        return normalPathAllocations().stream().filter(i -> i.mark().isJdefer()).collect(Collectors.toList());
    }

    /** The method's own allocations on the normal path (javac's code): reported by {@code --check}, failing only with {@code --check-all}. */
    public List<Instruction> ownNormalPathAllocations() {
        return normalPathAllocations().stream().filter(i -> !i.mark().isJdefer()).collect(Collectors.toList());
    }

    /** Bytes jdefer added, per the {@code JdeferLowering} regions. */
    public int jdeferBytes() {
        return lowering == null ? 0 : lowering.addedBytes();
    }

    /** How HotSpot's size-based inlining heuristics see this method's bytecode. */
    public String inliningVerdict() {
        if (codeSize <= MAX_INLINE_SIZE) {
            return "<= MaxInlineSize " + MAX_INLINE_SIZE + ": inlined at any call site";
        }
        if (codeSize <= FREQ_INLINE_SIZE) {
            return "> MaxInlineSize " + MAX_INLINE_SIZE + ", <= FreqInlineSize " + FREQ_INLINE_SIZE + ": inlined at hot call sites only";
        }
        return "> FreqInlineSize " + FREQ_INLINE_SIZE + ": too big to inline, even where hot";
    }
}
