package io.jdefer.postcompile;

import io.jdefer.classfile.ClassFileRewrite;
import io.jdefer.classfile.ClassLookup;
import io.jdefer.classfile.RewriteOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A classes directory: every {@code .class} file under it, in path order, rewritten where needed. */
final class ClassDirectory implements Main.Target {
    private final List<RewriteOutcome> outcomes;
    private final Map<Path, byte[]> changed;

    private ClassDirectory(List<RewriteOutcome> outcomes, Map<Path, byte[]> changed) {
        this.outcomes = outcomes;
        this.changed = changed;
    }

    static ClassDirectory rewrite(Path root, ClassLookup lookup, boolean check) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".class") && Files.isRegularFile(p)).sorted().collect(Collectors.toList());
        }
        List<RewriteOutcome> outcomes = new ArrayList<>();
        Map<Path, byte[]> changed = new LinkedHashMap<>();
        for (Path file : files) {
            RewriteOutcome outcome = ClassFileRewrite.rewrite(Files.readAllBytes(file), lookup, check).from(file.toString());
            outcomes.add(outcome);
            if (outcome.changed()) {
                changed.put(file, outcome.bytes());
            }
        }
        return new ClassDirectory(outcomes, changed);
    }

    @Override
    public List<RewriteOutcome> outcomes() {
        return outcomes;
    }

    @Override
    public void write() throws IOException {
        for (Map.Entry<Path, byte[]> file : changed.entrySet()) {
            Files.write(file.getKey(), file.getValue());
        }
    }
}
