package io.jdefer.testing;

/**
 * A test source file: a class name and its text. {@link #of(String)} takes the name from the first
 * {@code class}, {@code interface}, {@code enum} or {@code record} declaration and the package line.
 */
public record Source(String className, String text) {
    public static Source of(String text) {
        String pkg = "";
        java.util.regex.Matcher p = java.util.regex.Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;").matcher(text);
        if (p.find()) {
            pkg = p.group(1) + ".";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?m)^(?:\\s*(?:public|final|abstract|sealed|@\\w+(?:\\([^)]*\\))?)\\s+)*(?:class|interface|enum|record)\\s+(\\w+)")
                .matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("no class declaration in:\n" + text);
        }
        return new Source(pkg + m.group(1), text);
    }

    public String path() {
        return className.replace('.', '/') + ".java";
    }
}
