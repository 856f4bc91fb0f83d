package io.jdefer.bench.tools;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints the bytecode size ({@code code_length} of the {@code Code} attribute) of every benchmark
 * method of each scenario, against the scenario's {@code handWritten} method, as a markdown table.
 * The benchmark methods hold the code under test themselves, so these are the sizes of what jdefer
 * produced (the classes are read after the processor rewrote them) and of what javac produced; each
 * scenario's class also lists the exceptional exits the processor added to it (D37), which the
 * handlers of its methods call.
 *
 * <p>Reads the class files itself (a class file is a short format to walk to its methods); no
 * dependency, no {@code javap} parsing. Usage: {@code CodeSize [output.md]}: classes are read from
 * this program's class path.
 */
public final class CodeSize {
    /** The scenarios, in report order; each has a {@code handWritten} baseline. */
    static final List<String> SCENARIOS = List.of("ZeroDefers", "OneDefer", "EightDefers", "EightDefersCalled", "FourReturns",
            "FourReturnsEightDefers", "FourReturnsRichCleanup", "Recover", "Loop", "Capture", "Pool");

    /** HotSpot's inlining limits (defaults of MaxInlineSize and FreqInlineSize on x86_64). */
    static final int MAX_INLINE_SIZE = 35;
    static final int FREQ_INLINE_SIZE = 325;

    private CodeSize() {}

    public static void main(String[] args) throws IOException {
        String table = table();
        System.out.print(table);
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), table);
        }
    }

    static String table() {
        StringBuilder out = new StringBuilder();
        out.append("| scenario | variant | bytecode bytes | vs handWritten | HotSpot inlining (callers of this method) |\n");
        out.append("|---|---|---:|---:|---|\n");
        for (String scenario : SCENARIOS) {
            byte[] classFile = read("io/jdefer/bench/" + scenario + ".class");
            Map<String, Integer> sizes = benchmarkMethodSizes(classFile);
            Integer base = sizes.containsKey("handWrittenBody") ? sizes.get("handWrittenBody") : sizes.get("handWritten");
            for (Map.Entry<String, Integer> e : sizes.entrySet()) {
                int size = e.getValue();
                String ratio = base == null ? "" : String.format("%.2f", size / (double) base);
                out.append("| ").append(scenario).append(" | ").append(e.getKey()).append(" | ")
                        .append(size).append(" | ").append(ratio).append(" | ").append(inlining(size)).append(" |\n");
            }
            for (MethodInfo m : methods(classFile)) {
                if (m.name.startsWith("jdefer$unwind")) {
                    out.append("| ").append(scenario).append(" | `").append(m.name).append("` (added exceptional exit, D37) | ")
                            .append(m.codeLength).append(" | | ").append(inlining(m.codeLength)).append(" |\n");
                }
            }
        }
        return out.toString();
    }

    static String inlining(int size) {
        if (size <= MAX_INLINE_SIZE) {
            return "always (≤ " + MAX_INLINE_SIZE + ")";
        }
        if (size <= FREQ_INLINE_SIZE) {
            return "when hot (≤ " + FREQ_INLINE_SIZE + ")";
        }
        return "never (> " + FREQ_INLINE_SIZE + ")";
    }

    static byte[] read(String resource) {
        try (InputStream in = CodeSize.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("have no " + resource + " on the class path, want the benchmark classes");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code code_length} of each non-static, no-argument method returning {@code long} that
     * is public (the benchmark methods) or named {@code ...Body} (the callees of a benchmark that
     * calls its code under test), in declaration order.
     */
    static Map<String, Integer> benchmarkMethodSizes(byte[] classFile) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (MethodInfo m : methods(classFile)) {
            boolean candidate = (m.access & 0x0001) != 0 || m.name.endsWith("Body");
            if (candidate && (m.access & 0x0008) == 0 && m.descriptor.equals("()J")
                    && !m.name.equals("work") && m.codeLength >= 0) {
                sizes.put(m.name, m.codeLength);
            }
        }
        return sizes;
    }

    record MethodInfo(int access, String name, String descriptor, int codeLength) {}

    /** Walks a class file (JVMS 4.1) to its methods and their {@code Code} attribute's length. */
    static List<MethodInfo> methods(byte[] classFile) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
            if (in.readInt() != 0xCAFEBABE) {
                throw new IllegalStateException("have no class file magic, want 0xCAFEBABE");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 3, 4 -> in.skipNBytes(4);
                    case 5, 6 -> {
                        in.skipNBytes(8);
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                    case 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 15 -> in.skipNBytes(3);
                    default -> throw new IllegalStateException("have constant pool tag " + tag + ", want a JVMS 4.4 tag");
                }
            }
            in.skipNBytes(6);
            in.skipNBytes(2L * in.readUnsignedShort());
            int fields = in.readUnsignedShort();
            for (int i = 0; i < fields; i++) {
                in.skipNBytes(6);
                skipAttributes(in);
            }
            int methodCount = in.readUnsignedShort();
            List<MethodInfo> methods = new ArrayList<>();
            for (int i = 0; i < methodCount; i++) {
                int access = in.readUnsignedShort();
                String name = utf8[in.readUnsignedShort()];
                String descriptor = utf8[in.readUnsignedShort()];
                int codeLength = -1;
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf8[in.readUnsignedShort()];
                    int length = in.readInt();
                    if (attribute.equals("Code")) {
                        in.skipNBytes(4);
                        codeLength = in.readInt();
                        in.skipNBytes(length - 8L);
                    } else {
                        in.skipNBytes(length);
                    }
                }
                methods.add(new MethodInfo(access, name, descriptor, codeLength));
            }
            return methods;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.skipNBytes(2);
            in.skipNBytes(in.readInt() & 0xFFFFFFFFL);
        }
    }
}
