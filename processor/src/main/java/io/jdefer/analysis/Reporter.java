package io.jdefer.analysis;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;

/**
 * Reports user mistakes through javac, at the tree they concern, and counts errors instead of
 * throwing: a bad method is reported and skipped, the rest of the compilation goes on.
 */
public final class Reporter {
    private final Trees trees;
    private final Messager messager;
    private final Set<String> reported = new HashSet<>();
    private int errors;

    public Reporter(Trees trees, Messager messager) {
        this.trees = trees;
        this.messager = messager;
    }

    /**
     * Reports at the tree, once: the same message at the same tree again is dropped (javac's copies
     * of a finally block give a site several times). Two different problems placed at one tree, as
     * two sites of one line can be at GENERATE, are both reported (issue 14 item 7).
     */
    public void report(DiagnosticId id, String text, Tree tree, CompilationUnitTree unit) {
        long position = trees.getSourcePositions().getStartPosition(unit, tree);
        if (!reported.add(unit.getSourceFile().toUri() + "@" + position + ":" + id + ":" + text)) {
            return;
        }
        count(id);
        trees.printMessage(id.kind(), id.format(text), tree, unit);
    }

    public void report(DiagnosticId id, String text, Element element) {
        count(id);
        if (element == null) {
            messager.printMessage(id.kind(), id.format(text));
        } else {
            messager.printMessage(id.kind(), id.format(text), element);
        }
    }

    /**
     * The text of an internal error: what failed, then its stack trace, which the report asks the
     * user to send (as auto's processors do).
     */
    public static String withStackTrace(String text, Throwable failure) {
        java.io.StringWriter trace = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(trace));
        return text + "\n" + trace.toString().stripTrailing();
    }

    /**
     * A line the user asked for ({@code -Ajdefer.verbose}): a note, and the same line on standard
     * error, because javac drops every note under {@code -nowarn} (which Maven passes when
     * {@code showWarnings} is off) and the Messager has no kind that -nowarn keeps and -Werror
     * ignores (SPEC C6: the verbose lines show under -nowarn).
     */
    public void note(String text) {
        messager.printMessage(javax.tools.Diagnostic.Kind.NOTE, text);
        System.err.println(text);
    }

    private void count(DiagnosticId id) {
        if (id.kind() == javax.tools.Diagnostic.Kind.ERROR) {
            errors++;
        }
    }

    public int errors() {
        return errors;
    }
}
