package io.jdefer.processor;

import com.sun.source.tree.Tree;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.jdefer.analysis.DiagnosticId;
import io.jdefer.analysis.JdeferNames;
import io.jdefer.analysis.PlanScanner;
import io.jdefer.analysis.PlannedClass;
import io.jdefer.analysis.Reporter;
import io.jdefer.plan.DeferSite;
import io.jdefer.plan.SiteKind;
import io.jdefer.rewrite.ClassRewriter;
import io.jdefer.rewrite.MethodReport;
import io.jdefer.rewrite.Problem;
import io.jdefer.rewrite.RewriteResult;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Runs ANALYZE when javac has attributed and flow-checked a top-level class, and GENERATE when
 * javac has written a class file. Plans wait in between, keyed by internal name; each is used
 * once and dropped. Any exception becomes an error naming the class, never a compiler crash.
 */
final class DeferTaskListener implements TaskListener {
    private final Trees trees;
    private final Elements elements;
    private final Types types;
    private final Reporter reporter;
    private final ClassFiles classFiles;
    private final Options options;
    private final JdeferNames apiNames;
    private final Map<String, PlannedClass> plans = new HashMap<>();
    private final Map<String, TypeElement> seenTypes = new HashMap<>();
    /** Whether a class file of this compilation has been read back: the file manager serves them. */
    private boolean readBack;
    /** One per compilation, so that its hierarchy answers are reused from class to class. */
    private final ClassRewriter rewriter;

    DeferTaskListener(Trees trees, Elements elements, Types types, Reporter reporter, ClassFiles classFiles, Options options) {
        this.rewriter = new ClassRewriter(new ModelHierarchy(elements, types, seenTypes));
        this.trees = trees;
        this.elements = elements;
        this.apiNames = new JdeferNames(elements);
        this.types = types;
        this.reporter = reporter;
        this.classFiles = classFiles;
        this.options = options;
    }

    @Override
    public void finished(TaskEvent event) {
        TypeElement type = event.getTypeElement();
        if (type == null) {
            return;
        }
        try {
            if (event.getKind() == TaskEvent.Kind.ANALYZE) {
                analyze(event, type);
            } else if (event.getKind() == TaskEvent.Kind.GENERATE) {
                generate(type);
            }
        } catch (OutOfMemoryError e) {
            throw e; // javac reports it itself ("The system is out of resources")
        } catch (Throwable e) { // an Error in jdefer too (a StackOverflowError, an AssertionError): never a compiler crash, C1
            reporter.report(DiagnosticId.INTERNAL, Reporter.withStackTrace("jdefer failed on " + type.getQualifiedName() + " (" + e
                    + "); please report it with this class and the trace below; -Ajdefer.rewrite=false skips rewriting", e), type);
        }
    }

    private void analyze(TaskEvent event, TypeElement type) {
        TreePath path = trees.getPath(type);
        if (path == null || !apiNames.appearIn(path.getLeaf())) {
            return; // nothing of jdefer's in this class: nothing to check, plan or rewrite
        }
        PlanScanner scanner = new PlanScanner(trees, elements, types, reporter);
        for (PlannedClass planned : scanner.scanClass(path)) {
            plans.put(planned.plan().internalName(), planned);
        }
        seenTypes.putAll(scanner.types());
    }

    private void generate(TypeElement type) throws IOException {
        String internalName = elements.getBinaryName(type).toString().replace('.', '/');
        PlannedClass planned = plans.remove(internalName);
        if (planned == null || reporter.errors() > 0) {
            // After an error javac writes no more class files: nothing to rewrite, and nothing to add.
            return;
        }
        ClassFiles.ClassFile file;
        try {
            file = classFiles.read(type, planned.unit());
            readBack = true;
        } catch (IOException e) {
            if (readBack) {
                // Class files of this compilation were read back before: this one was not written, which javac does only after
                // an error of its own ("too many constants", "code too large"), reported already. Nothing to add (issue 14 item 6).
                return;
            }
            reportAt(DiagnosticId.NO_CLASS_FILE, "cannot read the class file of " + type.getQualifiedName() + " back from the class"
                    + " output (" + e.getMessage() + "), so its defers cannot be rewritten; give javac a readable class output: -d <dir>"
                    + " on the command line, or a file manager whose class files can be opened for reading (after an error of javac's"
                    + " own, such as \"too many constants\", javac writes no class file: fix that error first)", planned.classTree(), planned);
            return;
        }
        RewriteResult result = rewriter.rewrite(file.bytes(), planned.plan(), !options.rewrite());
        for (Problem problem : result.problems()) {
            report(problem, planned);
        }
        if (result.changed() && result.problems().isEmpty()) {
            classFiles.write(file, result.bytes());
            if (options.verbose()) {
                for (MethodReport method : result.methods()) {
                    reporter.note("jdefer: " + method);
                }
            }
        }
    }

    private void report(Problem problem, PlannedClass planned) {
        SiteKind kind = problem.kind() == Problem.Kind.DEFER_LOCAL_NOT_FOUND ? SiteKind.DEFER_LOCAL : null;
        DeferSite site = planned.siteOnLine(kind, problem.line());
        Tree tree = site == null ? null : planned.siteTrees().get(site.id());
        if (tree == null) {
            tree = planned.methodTrees().getOrDefault(problem.sourceMethod(), planned.classTree());
        }
        String method = sourceName(problem);
        switch (problem.kind()) {
            case INLINE_DYNAMIC_SITE: {
                String loop = site != null && site.loop() != null ? "it is in the " + site.loop() : "it is on a cycle of the method's control flow";
                String text = problem.detail() + " (" + loop + "), but " + method + " asks for @Deferred(INLINE), which gives each site"
                        + " one bit; use @Deferred or @Deferred(FRAME) (a pooled frame, no allocation) or move the call out of the loop";
                reportAt(DiagnosticId.INLINE_IN_LOOP, text, tree, planned);
                break;
            }
            case DEFER_LOCAL_NOT_FOUND: {
                String variable = site == null ? "x" : site.local().variable();
                reportAt(DiagnosticId.DEFER_LOCAL_NOT_LOCATED, "cannot find where @Defer local `" + variable + "` is stored in the"
                        + " bytecode of " + method + " (" + problem.detail() + "); write defer(" + variable
                        + "::" + (site == null ? "close" : site.local().method().name()) + ") after the declaration instead", tree, planned);
                break;
            }
            case METHOD_TOO_LARGE:
                reportAt(DiagnosticId.METHOD_TOO_LARGE, method + " would pass the JVM's 64 KB code limit once its defers are"
                        + " rewritten (" + problem.detail() + "); split it into smaller methods", tree, planned);
                break;
            case TOO_MANY_LOCALS:
                reportAt(DiagnosticId.TOO_MANY_LOCALS, method + " would pass the JVM's limit of 65,535 local variable slots once its"
                        + " defers are rewritten (" + problem.detail() + "); split it into smaller methods", tree, planned);
                break;
            case OPERAND_STACK_TOO_DEEP:
                reportAt(DiagnosticId.OPERAND_STACK_TOO_DEEP, method + " would pass the JVM's limit of 65,535 operand stack values once"
                        + " its defers are rewritten (" + problem.detail() + "); split its deepest expression", tree, planned);
                break;
            case CONSTANT_POOL_FULL:
                reportAt(DiagnosticId.CONSTANT_POOL_FULL, "the class of " + method + " would pass the JVM's limit of 65,535 constant"
                        + " pool entries once its defers are rewritten (" + problem.detail() + "); move some of its members or constants"
                        + " to another class", tree, planned);
                break;
            default:
                reportAt(DiagnosticId.INTERNAL, "jdefer could not rewrite " + method + " of " + planned.type().getQualifiedName() + ": "
                        + problem.detail() + "; please report it with this method; -Ajdefer.rewrite=false skips rewriting", tree, planned);
        }
    }

    /** How a user names a method: {@code `run`}, {@code the constructor}, {@code a lambda in `run`}. */
    static String sourceName(Problem problem) {
        String key = problem.sourceMethod();
        int paren = key.indexOf('(');
        String name = paren < 0 ? key : key.substring(0, paren);
        String method = name.equals("<init>") ? "the constructor" : name.equals("<clinit>") ? "the static initializer"
                : "`" + name + "`";
        return problem.inLambda() ? "a lambda in " + method : method;
    }

    private void reportAt(DiagnosticId id, String text, Tree tree, PlannedClass planned) {
        if (tree != null && planned.unit() != null) {
            reporter.report(id, text, tree, planned.unit());
        } else {
            reporter.report(id, text, planned.type());
        }
    }
}
