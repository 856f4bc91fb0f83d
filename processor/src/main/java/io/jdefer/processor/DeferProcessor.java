package io.jdefer.processor;

import com.google.auto.service.AutoService;
import com.sun.source.util.JavacTask;
import com.sun.source.util.Trees;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.TreePath;
import io.jdefer.analysis.RecoverTargetScan;
import io.jdefer.analysis.Reporter;
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
 * after attribution and after class generation. It claims no annotation and supports {@code *},
 * so that a {@code defer(...)} outside any {@code @Deferred} element is still reported (SPEC C1).
 */
@AutoService(Processor.class)
public final class DeferProcessor extends AbstractProcessor {
    private Trees trees;
    private Reporter reporter;
    /** Methods of this compilation that call recover(), filled while processing, read at GENERATE. */
    private final Set<String> recoverTargets = new HashSet<>();

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
            JavacTask task = EnvironmentUnwrapper.javacTask(environment);
            if (task == null) {
                environment.getMessager().printMessage(Diagnostic.Kind.WARNING, "[jdefer] this compiler is not javac: @Deferred"
                        + " methods are not rewritten, and defer(...) will throw IllegalStateException at run time");
                return;
            }
            trees = Trees.instance(task);
            reporter = new Reporter(trees, environment.getMessager());
            task.addTaskListener(new DeferTaskListener(trees, environment.getElementUtils(), environment.getTypeUtils(), reporter,
                    new ClassFiles(environment.getFiler(), environment.getElementUtils()), Options.of(environment.getOptions()),
                    recoverTargets));
        } catch (OutOfMemoryError e) {
            throw e; // javac reports it itself ("The system is out of resources")
        } catch (Throwable e) { // an Error in jdefer too (a StackOverflowError, an AssertionError): never a compiler crash, C1
            environment.getMessager().printMessage(Diagnostic.Kind.ERROR, Reporter.withStackTrace("[jdefer:INTERNAL] jdefer could not"
                    + " start (" + e + "); please report it with the trace below", e));
        }
    }

    /**
     * Checks what javac would reject before ANALYZE runs ({@code @Defer var}) and collects the
     * methods that call {@code recover()}. Claims nothing.
     */
    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (reporter == null) {
            return false;
        }
        try {
            Set<CompilationUnitTree> units = new HashSet<>();
            for (Element root : round.getRootElements()) {
                TreePath path = trees.getPath(root);
                if (path != null && units.add(path.getCompilationUnit())) {
                    new VarDeferCheck(reporter).check(path.getCompilationUnit());
                    new RecoverTargetScan(trees, processingEnv.getElementUtils(), processingEnv.getTypeUtils(), recoverTargets)
                            .scan(path.getCompilationUnit());
                }
            }
        } catch (OutOfMemoryError e) {
            throw e; // javac reports it itself ("The system is out of resources")
        } catch (Throwable e) { // an Error in jdefer too (a StackOverflowError, an AssertionError): never a compiler crash, C1
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Reporter.withStackTrace("[jdefer:INTERNAL] jdefer failed while"
                    + " checking sources (" + e + "); please report it with the trace below", e));
        }
        return false;
    }
}
