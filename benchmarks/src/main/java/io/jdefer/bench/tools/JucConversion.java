package io.jdefer.bench.tools;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Bytecode size of a real conversion to jdefer: {@code java.util.concurrent}'s {@code ArrayBlockingQueue},
 * {@code LinkedBlockingQueue}, {@code LinkedBlockingDeque} and {@code DelayQueue}, read at run time from a
 * JDK's {@code lib/src.zip} (no JDK source is in this repository; {@code PriorityBlockingQueue} is left
 * out, it imports {@code jdk.internal.*}). Each class is copied into {@code juc.javac} and {@code juc.jdefer}
 * with two patches: the package line becomes {@code package juc.x; import java.util.concurrent.*;}, and the
 * package-private {@code Helpers.collectionToString(this)} becomes {@code java.util.Arrays.toString(toArray())}.
 *
 * <p>In the jdefer copy, each method or constructor whose body ends with {@code X.lock(); try { BODY }
 * finally { X.unlock(); }} ({@code lockInterruptibly} too; X a name or {@code this.name}; no catch; BODY
 * takes no other lock) becomes {@code @io.jdefer.Deferred ... X.lock(); defer(X::unlock); BODY}, by a
 * brace-matching scan over tokens (comments and literals skipped, line numbers kept). The other try/finally
 * blocks that unlock are left alone and listed on stderr with the reason. Both copies are compiled in this
 * JVM ({@code javax.tools}, {@code -g}; the jdefer one with the processor, the other {@code -proc:none}).
 * Prints, per converted method, {@code code_length} in both and HotSpot's verdict, then totals, counts over
 * MaxInlineSize and FreqInlineSize, and the static initializers the processor adds. Exits 1 if a compile
 * fails, the method sets differ otherwise, the {@code @Deferred} methods are not the converted ones, or one
 * still has an {@code invokestatic} of {@code Defers.defer}.
 *
 * <p>Usage, from the repository root after {@code mvn -f benchmarks/pom.xml package}: {@code java -cp
 * benchmarks/target/benchmarks.jar io.jdefer.bench.tools.JucConversion [--src <src.zip>] [--lib <dir>]},
 * defaults {@code $JAVA_HOME/lib/src.zip} and {@code benchmarks/target/jdefer-lib}.
 *
 * <p>Over 300 lines for one job: it carries a Java tokenizer for the conversion and a minimal class-file
 * reader for the checks ({@code @Deferred} and the calls of {@code Defers.defer}), since the benchmarks jar
 * has no ASM and {@link CodeSize}'s reader reads only sizes.
 */
public final class JucConversion {
    static final List<String> CLASSES = List.of("ArrayBlockingQueue", "LinkedBlockingQueue", "LinkedBlockingDeque", "DelayQueue");
    static final Set<String> NOT_METHOD = Set.of("if", "for", "while", "switch", "catch", "synchronized", "try", "return", "new");
    static final Set<String> LOCKING = Set.of("lock", "lockInterruptibly", "tryLock", "unlock", "fullyLock", "fullyUnlock");
    /** Instruction lengths of opcodes 0..0xc9 (JVMS 6.5); 0 for the two switches and wide. */
    static final String LEN = "11111111111111112323322222111111111111111111111111111122222111111111111111111111111111111111111111111"
            + "11111111111111111111111111111113111111111111111111113333333333333333200111111333333355323113311043355";

    record Tok(String text, int start, int end) {}

    record Method(int access, String name, int codeLength, boolean deferred, boolean callsDefer) {}

    private JucConversion() {}

    public static void main(String[] args) throws IOException {
        try {
            run(args);
        } catch (IllegalStateException e) {
            System.err.println("JucConversion: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(String[] args) throws IOException {
        Path src = Path.of(System.getProperty("java.home"), "lib", "src.zip");
        Path lib = Path.of("benchmarks/target/jdefer-lib");
        for (int i = 0; i + 1 < args.length; i += 2) {
            check(args[i].equals("--src") || args[i].equals("--lib"), "have argument " + args[i] + ", want --src <src.zip> or --lib <dir>");
            src = args[i].equals("--src") ? Path.of(args[i + 1]) : src;
            lib = args[i].equals("--lib") ? Path.of(args[i + 1]) : lib;
        }
        check(args.length % 2 == 0, "have a lone argument, want --src <src.zip> or --lib <dir>");
        for (Path p : List.of(src, lib.resolve("jdefer-processor.jar"), lib.resolve("jdefer-runtime.jar"), lib.resolve("jdefer-annotations.jar"))) {
            check(Files.isRegularFile(p), "have no file " + p + ", want it (see --src and --lib)");
        }
        List<JavaFileObject> javacUnits = new ArrayList<>();
        List<JavaFileObject> jdeferUnits = new ArrayList<>();
        Map<String, List<String>> converted = new TreeMap<>(); // class -> names of its converted methods
        Map<String, Integer> skipped = new TreeMap<>(); // reason -> count
        try (ZipFile zip = new ZipFile(src.toFile())) {
            for (String cls : CLASSES) {
                var entry = zip.getEntry("java.base/java/util/concurrent/" + cls + ".java");
                check(entry != null, "have no java.base/java/util/concurrent/" + cls + ".java in " + src);
                String text = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                check(text.contains("package java.util.concurrent;"), "have no package line in " + cls + ".java");
                text = text.replace("Helpers.collectionToString(this)", "java.util.Arrays.toString(toArray())");
                javacUnits.add(unit("juc/javac/" + cls, text.replace("package java.util.concurrent;", "package juc.javac; import java.util.concurrent.*;")));
                converted.put(cls, new ArrayList<>());
                jdeferUnits.add(unit("juc/jdefer/" + cls, convert(cls, text, converted.get(cls), skipped).replace("package java.util.concurrent;",
                        "package juc.jdefer; import java.util.concurrent.*; import static io.jdefer.Defers.defer;")));
            }
        }
        Path out = Files.createTempDirectory("jdefer-juc");
        try {
            List<String> options = List.of("-d", out.toString(), "-g", "-classpath",
                    lib.resolve("jdefer-runtime.jar") + File.pathSeparator + lib.resolve("jdefer-annotations.jar"));
            compile(javacUnits, options, List.of("-proc:none"));
            compile(jdeferUnits, options, List.of("--processor-path", lib.resolve("jdefer-processor.jar").toString()));
            System.out.print(report(read(out.resolve("juc/javac")), read(out.resolve("juc/jdefer")), converted, skipped, src));
        } finally {
            CompileTime.deleteTree(out);
        }
    }

    /** The jdefer copy of one class: each last-statement lock idiom converted; method names and skip reasons collected. */
    static String convert(String cls, String text, List<String> names, Map<String, Integer> skipped) {
        List<Tok> t = tokens(text);
        int[] match = match(t);
        TreeMap<Integer, Object[]> edits = new TreeMap<>(); // start -> {end, replacement}
        for (int i = 0; i + 1 < t.size(); i++) {
            if (!is(t, i, "try") || !is(t, i + 1, "{")) continue;
            int e = match[i + 1];
            int k = e + 1;
            int catches = 0;
            for (; is(t, k, "catch"); catches++) k = match[match[k + 1] + 1] + 1;
            int fb = k + 1;
            int fe = is(t, k, "finally") ? match[fb] : -1;
            if (fe < 0 || !calls(t, fb + 1, fe, Set.of("unlock", "fullyUnlock"))) continue; // not a lock's try/finally
            int xLen = fe - fb - 6; // finally { X . unlock ( ) ; }, X a name or this . name
            boolean justUnlock = (xLen == 1 && isIdent(t.get(fb + 1).text) || xLen == 3 && is(t, fb + 1, "this") && is(t, fb + 2, "."))
                    && join(t, fe - 5, fe).equals(".unlock();");
            String x = justUnlock ? join(t, fb + 1, fe - 5) : null;
            int before = i - 6 - xLen; // the token before the statement X.lock();
            String reason = catches > 0 ? "has catch clauses"
                    : calls(t, fb + 1, fe, Set.of("fullyUnlock")) ? "two locks (fullyLock/fullyUnlock)"
                    : !justUnlock ? "finally does more than X.unlock()"
                    : before < 0 || !Set.of(x + ".lock();", x + ".lockInterruptibly();").contains(join(t, before + 1, i))
                            || !Set.of(";", "{", "}").contains(t.get(before).text) ? "the statement before try is not X.lock()"
                    : !is(t, fe + 1, "}") || methodName(t, match, match[fe + 1]) < 0 ? "not the method's last statement"
                    : calls(t, i + 2, e, LOCKING) ? "BODY takes or releases another lock" : null;
            if (reason != null) {
                skipped.merge(reason, 1, Integer::sum);
                System.err.println("skipped " + cls + ".java:" + text.substring(0, t.get(i).start).lines().count() + ": " + reason);
                continue;
            }
            int name = methodName(t, match, match[fe + 1]);
            names.add(Set.of("public", "protected", "private", "{", "}", ";").contains(t.get(name - 1).text) ? "<init>" : t.get(name).text);
            int d = name - 1; // the declaration starts after the previous ; { or } (annotations' arguments skipped)
            while (d >= 0 && !Set.of(";", "{", "}").contains(t.get(d).text)) d = is(t, d, ")") ? match[d] - 1 : d - 1;
            edits.put(t.get(d + 1).start, new Object[] {t.get(d + 1).start, "@io.jdefer.Deferred "});
            edits.put(t.get(i).start, new Object[] {t.get(i + 1).end, "defer(" + x + "::unlock);"});
            edits.put(t.get(e).start, new Object[] {t.get(fe).end, text.substring(t.get(e).start, t.get(fe).end).replaceAll("[^\n]", "")});
        }
        StringBuilder sb = new StringBuilder(text);
        edits.descendingMap().forEach((start, ed) -> sb.replace(start, (Integer) ed[0], (String) ed[1]));
        return sb.toString();
    }

    /** The token index of the name of the method or constructor whose body the brace at {@code b} opens, or -1. */
    static int methodName(List<Tok> t, int[] match, int b) {
        int j = b - 1; // skip a throws clause
        while (j >= 0 && !is(t, j, "throws") && (isIdent(t.get(j).text) || Set.of(".", ",", "<", ">", "?").contains(t.get(j).text))) j--;
        int k = is(t, j, "throws") ? j - 1 : b - 1;
        int p = is(t, k, ")") ? match[k] : 0;
        return p < 2 || !isIdent(t.get(p - 1).text) || NOT_METHOD.contains(t.get(p - 1).text) || is(t, p - 2, "new") || is(t, p - 2, ".") ? -1 : p - 1;
    }

    static boolean calls(List<Tok> t, int from, int to, Set<String> names) {
        for (int i = from; i + 1 < to; i++) {
            if (names.contains(t.get(i).text) && is(t, i + 1, "(")) return true;
        }
        return false;
    }

    static boolean is(List<Tok> t, int i, String s) {
        return i >= 0 && i < t.size() && t.get(i).text.equals(s);
    }

    static boolean isIdent(String s) {
        return Character.isJavaIdentifierStart(s.charAt(0));
    }

    static String join(List<Tok> t, int from, int to) {
        return t.subList(from, to).stream().map(Tok::text).collect(Collectors.joining());
    }

    /** Java tokens: comments and whitespace dropped; a string or char literal or a text block is one token. */
    static List<Tok> tokens(String s) {
        List<Tok> out = new ArrayList<>();
        for (int i = 0, j; i < s.length(); i = j) {
            char c = s.charAt(i);
            j = i + 1;
            if (s.startsWith("//", i) || s.startsWith("/*", i)) {
                j = s.charAt(i + 1) == '/' ? (s.indexOf('\n', i) < 0 ? s.length() : s.indexOf('\n', i)) : s.indexOf("*/", i + 2) + 2;
                check(j >= 2, "have an unclosed comment, want */");
                continue;
            } else if (s.startsWith("\"\"\"", i)) {
                for (j = i + 3; !s.startsWith("\"\"\"", j); ) j += s.charAt(j) == '\\' ? 2 : 1;
                j += 3;
            } else if (c == '"' || c == '\'') {
                while (s.charAt(j) != c) j += s.charAt(j) == '\\' ? 2 : 1;
                j++;
            } else if (Character.isJavaIdentifierPart(c)) {
                while (j < s.length() && (Character.isJavaIdentifierPart(s.charAt(j)) || Character.isDigit(c) && s.charAt(j) == '.')) j++;
            } else if (s.startsWith("->", i) || s.startsWith("::", i)) {
                j = i + 2;
            }
            if (!Character.isWhitespace(c)) out.add(new Tok(s.substring(i, j), i, j));
        }
        return out;
    }

    /** For each bracket token, the index of its partner. */
    static int[] match(List<Tok> t) {
        int[] m = new int[t.size()];
        int[] stack = new int[t.size()];
        int sp = 0;
        for (int i = 0; i < t.size(); i++) {
            String s = t.get(i).text;
            if (s.equals("(") || s.equals("{") || s.equals("[")) {
                stack[sp++] = i;
            } else if (s.equals(")") || s.equals("}") || s.equals("]")) {
                check(sp > 0, "have an unmatched " + s + " at offset " + t.get(i).start);
                m[i] = stack[--sp];
                m[m[i]] = i;
            }
        }
        check(sp == 0, "have " + sp + " unclosed brackets, want none");
        return m;
    }

    static JavaFileObject unit(String path, String text) {
        return new SimpleJavaFileObject(URI.create("string:///" + path + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        };
    }

    /** Compiles; prints the diagnostics other than notes (all of them if it fails) to stderr. */
    static void compile(List<JavaFileObject> units, List<String> options, List<String> more) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> all = Stream.concat(options.stream(), more.stream()).toList();
        boolean ok;
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            ok = javac.getTask(null, fm, diagnostics, all, null, units).call();
        }
        diagnostics.getDiagnostics().stream().filter(d -> !ok || d.getKind() != Diagnostic.Kind.NOTE).forEach(System.err::println);
        check(ok, "have a failed compilation with " + all + ", want success (diagnostics above)");
    }

    /** "Class.name(desc)" (package dropped, {@code juc/<pkg>/} made {@code juc/}) -> method, for every class file in {@code dir}. */
    static Map<String, Method> read(Path dir) throws IOException {
        Map<String, Method> methods = new LinkedHashMap<>(); // classes by name, each's methods in declaration order
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted(Comparator.comparing(p -> p.toString().replace(".class", ""))).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                List<boolean[]> flags = flags(bytes);
                List<CodeSize.MethodInfo> infos = CodeSize.methods(bytes);
                for (int i = 0; i < infos.size(); i++) {
                    CodeSize.MethodInfo m = infos.get(i);
                    methods.put(f.getFileName().toString().replace(".class", ".") + m.name() + m.descriptor().replace("juc/" + dir.getFileName() + "/", "juc/"),
                            new Method(m.access(), m.name(), m.codeLength(), flags.get(i)[0], flags.get(i)[1]));
                }
            }
        }
        return methods;
    }

    /** Per method of a class file (JVMS 4): {has {@code @io.jdefer.Deferred}, has an {@code invokestatic} of {@code Defers.defer}}. */
    static List<boolean[]> flags(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        in.skipNBytes(8);
        int n = in.readUnsignedShort();
        int[] r1 = new int[n];
        int[] r2 = new int[n];
        String[] utf = new String[n];
        for (int i = 1; i < n; i++) {
            int tag = in.readUnsignedByte();
            if (tag == 1) {
                utf[i] = in.readUTF();
            } else if (Set.of(7, 8, 16, 19, 20).contains(tag)) {
                r1[i] = in.readUnsignedShort();
            } else if (Set.of(9, 10, 11, 12, 17, 18).contains(tag)) {
                r1[i] = in.readUnsignedShort();
                r2[i] = in.readUnsignedShort();
            } else {
                check(Set.of(3, 4, 5, 6, 15).contains(tag), "have constant pool tag " + tag + ", want a JVMS 4.4 tag");
                in.skipNBytes(tag == 15 ? 3 : tag < 5 ? 4 : 8);
                i += tag == 5 || tag == 6 ? 1 : 0;
            }
        }
        in.skipNBytes(6);
        in.skipNBytes(2L * in.readUnsignedShort());
        for (int f = in.readUnsignedShort(); f > 0; f--) {
            in.skipNBytes(6);
            for (int a = in.readUnsignedShort(); a > 0; a--) {
                in.skipNBytes(2);
                in.skipNBytes(in.readInt() & 0xFFFFFFFFL);
            }
        }
        List<boolean[]> flags = new ArrayList<>();
        for (int m = in.readUnsignedShort(); m > 0; m--) {
            in.skipNBytes(6);
            boolean[] f = new boolean[2];
            for (int a = in.readUnsignedShort(); a > 0; a--) {
                String attribute = utf[in.readUnsignedShort()];
                byte[] body = in.readNBytes(in.readInt());
                if (attribute.equals("Code")) {
                    byte[] code = Arrays.copyOfRange(body, 8, 8 + s4(body, 4));
                    for (int pc = 0, ref; pc < code.length; pc += length(code, pc)) {
                        ref = (code[pc] & 0xFF) == 0xB8 ? (code[pc + 1] & 0xFF) << 8 | code[pc + 2] & 0xFF : 0;
                        f[1] |= ref != 0 && "io/jdefer/Defers".equals(utf[r1[r1[ref]]]) && "defer".equals(utf[r1[r2[ref]]]);
                    }
                } else if (attribute.equals("RuntimeInvisibleAnnotations")) {
                    DataInputStream an = new DataInputStream(new ByteArrayInputStream(body));
                    for (int k = an.readUnsignedShort(); k > 0; k--) {
                        f[0] |= "Lio/jdefer/Deferred;".equals(utf[an.readUnsignedShort()]);
                        skipPairs(an);
                    }
                }
            }
            flags.add(f);
        }
        return flags;
    }

    /** Skips an annotation's element-value pairs (JVMS 4.7.16). */
    static void skipPairs(DataInputStream in) throws IOException {
        for (int p = in.readUnsignedShort(); p > 0; p--) {
            in.skipNBytes(2);
            skipValue(in);
        }
    }

    static void skipValue(DataInputStream in) throws IOException {
        switch (in.readUnsignedByte()) {
            case 'e' -> in.skipNBytes(4);
            case '@' -> {
                in.skipNBytes(2);
                skipPairs(in);
            }
            case '[' -> {
                for (int v = in.readUnsignedShort(); v > 0; v--) skipValue(in);
            }
            default -> in.skipNBytes(2);
        }
    }

    /** The length of the instruction at {@code pc}, a switch's padding included. */
    static int length(byte[] c, int pc) {
        int op = c[pc] & 0xFF;
        check(op < LEN.length(), "have opcode " + op + " at " + pc + ", want a JVMS 6.5 opcode");
        int p = (pc + 4) & ~3;
        return op == 0xc4 ? ((c[pc + 1] & 0xFF) == 0x84 ? 6 : 4)
                : op == 0xaa ? p + 12 + 4 * (s4(c, p + 8) - s4(c, p + 4) + 1) - pc
                : op == 0xab ? p + 8 + 8 * s4(c, p + 4) - pc : LEN.charAt(op) - '0';
    }

    static int s4(byte[] c, int i) {
        return (c[i] & 0xFF) << 24 | (c[i + 1] & 0xFF) << 16 | (c[i + 2] & 0xFF) << 8 | c[i + 3] & 0xFF;
    }

    static String report(Map<String, Method> javac, Map<String, Method> jdefer, Map<String, List<String>> converted, Map<String, Integer> skipped,
            Path src) {
        List<String> added = jdefer.keySet().stream().filter(k -> !javac.containsKey(k)).toList();
        List<String> lost = javac.keySet().stream().filter(k -> !jdefer.containsKey(k)).toList();
        List<String> initializers = added.stream().filter(k -> k.endsWith(".<clinit>()V")).toList();
        List<String> exits = added.stream().filter(k -> k.contains(".jdefer$unwind")).toList();
        check(lost.isEmpty() && initializers.size() + exits.size() == added.size(), "have methods only in jdefer's classes " + added
                + " (want at most static initializers and exceptional exits, D37), only in javac's " + lost);
        StringBuilder out = new StringBuilder("| method | javac try/finally | jdefer | difference | inlining of the jdefer method |\n|---|---:|---:|---:|---|\n");
        int[] sums = new int[6]; // javac bytes, jdefer bytes, over 35 javac and jdefer, over 325 javac and jdefer
        for (String cls : CLASSES) {
            List<String> found = new ArrayList<>();
            jdefer.forEach((where, m) -> {
                if (!where.startsWith(cls + ".") && !where.startsWith(cls + "$")) return;
                if (!m.deferred || (m.access & 0x0040) != 0) { // javac copies @Deferred onto bridge methods
                    check(!m.callsDefer, "have a call of Defers.defer in " + where + ", which is not @Deferred");
                    return;
                }
                check(!m.callsDefer, "have an invokestatic of io/jdefer/Defers.defer left in " + where + ", want it rewritten");
                found.add(m.name);
                int before = javac.get(where).codeLength;
                int[] add = {before, m.codeLength, before > CodeSize.MAX_INLINE_SIZE ? 1 : 0, m.codeLength > CodeSize.MAX_INLINE_SIZE ? 1 : 0,
                        before > CodeSize.FREQ_INLINE_SIZE ? 1 : 0, m.codeLength > CodeSize.FREQ_INLINE_SIZE ? 1 : 0};
                Arrays.setAll(sums, i -> sums[i] + add[i]);
                out.append(String.format("| `%s` | %d | %d | %+d | %s |%n", where.substring(0, where.indexOf(')') + 1), before, m.codeLength,
                        m.codeLength - before, CodeSize.inlining(m.codeLength)));
            });
            check(found.stream().sorted().toList().equals(converted.get(cls).stream().sorted().toList()),
                    "have @Deferred methods " + found + " in " + cls + "'s classes, want the converted " + converted.get(cls));
        }
        int count = converted.values().stream().mapToInt(List::size).sum();
        check(count > 0, "have no converted method, want some");
        out.append(String.format("| total | %d | %d | %+d (%+.1f%%) | |%n", sums[0], sums[1], sums[1] - sums[0], 100.0 * (sums[1] - sums[0]) / sums[0]));
        int exitBytes = exits.stream().mapToInt(k -> jdefer.get(k).codeLength).sum();
        int withExits = sums[1] + exitBytes;
        return out.append(String.format("%n%d methods converted (%s); try/finally blocks that unlock, skipped: %s; over MaxInlineSize (%d): javac %d, "
                + "jdefer %d; over FreqInlineSize (%d): javac %d, jdefer %d; the processor added a static initializer to %d classes (%d bytes) "
                + "and %d exceptional exits (D37, %d bytes: the total with them %d -> %d, %+.1f%%); sources %s, javac %s.%n", count,
                CLASSES.stream().map(c -> c + " " + converted.get(c).size()).collect(Collectors.joining(", ")),
                skipped, CodeSize.MAX_INLINE_SIZE, sums[2], sums[3], CodeSize.FREQ_INLINE_SIZE, sums[4], sums[5], initializers.size(),
                initializers.stream().mapToInt(k -> jdefer.get(k).codeLength).sum(), exits.size(), exitBytes, sums[0], withExits,
                100.0 * (withExits - sums[0]) / sums[0], src, System.getProperty("java.version"))).toString();
    }

    static void check(boolean ok, String message) {
        if (!ok) throw new IllegalStateException(message);
    }
}
