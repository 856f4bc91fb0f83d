package io.jdefer.processor;

import com.google.auto.service.AutoService;
import com.sun.source.util.JavacTask;
import com.sun.source.util.Trees;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.TreePath;
import io.jdefer.analysis.DiagnosticId;
import io.jdefer.analysis.Reporter;
import io.jdefer.analysis.JdeferNames;
import io.jdefer.analysis.VarDeferCheck;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The jdefer annotation processor. It only wires things: at {@link #init} it registers a
 * {@link DeferTaskListener} on javac's task, which checks and rewrites {@code @Deferred} code
 * after attribution and after class generation. It supports {@code *}, so that a
 * {@code defer(...)} outside any {@code @Deferred} element is still reported (SPEC C1, D12), and
 * claims a round's annotations only when it is the last processor javac consults
 * ({@link AnnotationClaim}, D14). Under another compiler (ECJ) nothing can be rewritten, so
 * {@code @Deferred} code is an error naming the post-compile step and the agent (SPEC C6, S11).
 */
@AutoService(Processor.class)
public final class DeferProcessor extends AbstractProcessor {
    static final String NOT_JAVAC = "%s is @Deferred, but this compiler is not javac (its processing environment is %s), so"
            + " jdefer cannot rewrite it here and its defer(...) calls would throw IllegalStateException at run time; rewrite"
            + " the compiled classes afterwards with `java -jar jdefer-processor.jar <classes dir | jar>...`, or run with"
            + " `-javaagent:jdefer-processor.jar`, and then pass -Ajdefer.rewriteLater (or take jdefer-processor off this"
            + " compiler's processor path); see docs/setup.md";

    /** Whether javac's service discovery created this instance: read in the constructor, where the stack shows it. */
    private final boolean discovered = AnnotationClaim.createdByServiceLoader();
    private boolean claims;
    private boolean notJavac;
    private Options options;
    private Trees trees;
    private Reporter reporter;
    private JdeferNames apiNames;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of("*");
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Options.NAMES;
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public synchronized void init(ProcessingEnvironment environment) {
        super.init(environment);
        try {
            options = Options.of(environment.getOptions());
            JavacTask task = EnvironmentUnwrapper.javacTask(environment);
            if (task == null) {
                // Reported in process(), and only where the compilation has @Deferred code (SPEC C6).
                notJavac = true;
                return;
            }
            claims = discovered && AnnotationClaim.lastDiscovered(DeferProcessor.class);
            trees = Trees.instance(task);
            reporter = new Reporter(trees, environment.getMessager());
            apiNames = new JdeferNames(environment.getElementUtils());
            task.addTaskListener(new DeferTaskListener(trees, environment.getElementUtils(), environment.getTypeUtils(), reporter,
                    new ClassFiles(environment.getFiler(), environment.getElementUtils()), options));
        } catch (OutOfMemoryError e) {
            throw e; // javac reports it itself ("The system is out of resources")
        } catch (Throwable e) { // an Error in jdefer too (a StackOverflowError, an AssertionError): never a compiler crash, C1
            environment.getMessager().printMessage(Diagnostic.Kind.ERROR, Reporter.withStackTrace("[jdefer:INTERNAL] jdefer could not"
                    + " start (" + e + "); please report it with the trace below", e));
        }
    }

    /**
     * Checks what javac would reject before ANALYZE runs ({@code @Defer var}). Claims the round's
     * annotations only when no processor comes after jdefer (D14).
     */
    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (notJavac) {
            reportNotJavac(round);
            return false;
        }
        if (reporter == null) {
            return false;
        }
        try {
            Set<CompilationUnitTree> units = new HashSet<>();
            for (Element root : round.getRootElements()) {
                TreePath path = trees.getPath(root);
                if (path != null && units.add(path.getCompilationUnit()) && apiNames.appearIn(path.getCompilationUnit())) {
                    new VarDeferCheck(reporter).check(path.getCompilationUnit());
                }
            }
        } catch (OutOfMemoryError e) {
            throw e; // javac reports it itself ("The system is out of resources")
        } catch (Throwable e) { // an Error in jdefer too (a StackOverflowError, an AssertionError): never a compiler crash, C1
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Reporter.withStackTrace("[jdefer:INTERNAL] jdefer failed while"
                    + " checking sources (" + e + "); please report it with the trace below", e));
        }
        return claims && !annotations.isEmpty();
    }

    /** Under another compiler: an error at each {@code @Deferred} element (a note with -Ajdefer.rewriteLater). */
    private void reportNotJavac(RoundEnvironment round) {
        try {
            TypeElement deferred = processingEnv.getElementUtils().getTypeElement("io.jdefer.Deferred");
            if (deferred == null) {
                return; // jdefer-annotations is not on the class path: no jdefer code here
            }
            Diagnostic.Kind kind = options != null && options.rewriteLater() ? Diagnostic.Kind.NOTE : DiagnosticId.NOT_JAVAC.kind();
            for (Element element : round.getElementsAnnotatedWith(deferred)) {
                String name = element instanceof TypeElement ? ((TypeElement) element).getQualifiedName().toString()
                        : element.getEnclosingElement().getSimpleName() + "." + element.getSimpleName();
                processingEnv.getMessager().printMessage(kind, DiagnosticId.NOT_JAVAC.format(String.format(NOT_JAVAC,
                        "`" + name + "`", processingEnv.getClass().getName())), element);
            }
        } catch (RuntimeException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "[jdefer:INTERNAL] jdefer failed under a compiler that"
                    + " is not javac (" + e + "); please report it");
        }
    }
}
