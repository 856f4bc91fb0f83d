package io.jdefer.samples.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replaces the text between {@code <!-- NAME:begin -->} and {@code <!-- NAME:end -->} in a
 * document with the contents of a file, leaving the rest as it is (appends the block when the
 * markers are missing). Usage: {@code DocSplice <doc.md> <name> <content file>}.
 */
public final class DocSplice {
    private DocSplice() {}

    public static void main(String[] args) throws IOException {
        Path doc = Path.of(args[0]);
        String begin = "<!-- " + args[1] + ":begin -->";
        String end = "<!-- " + args[1] + ":end -->";
        String content = Files.readString(Path.of(args[2]));
        String text = Files.exists(doc) ? Files.readString(doc) : "";
        String block = begin + "\n" + content + (content.endsWith("\n") ? "" : "\n") + end;
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
            text = text.substring(0, from) + block + text.substring(to + end.length());
        } else {
            text = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "\n" + block + "\n";
        }
        Files.writeString(doc, text);
    }
}
