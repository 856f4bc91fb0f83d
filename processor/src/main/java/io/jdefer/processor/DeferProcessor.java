package io.jdefer.processor;

import com.google.auto.service.AutoService;
import com.sun.source.util.JavacTask;
import com.sun.source.util.Trees;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.TreePath;
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
                    new ClassFiles(environment.getFiler(), environment.getElementUtils()), Options.of(environment.getOptions())));
        } catch (RuntimeException e) {
            environment.getMessager().printMessage(Diagnostic.Kind.ERROR, "[jdefer:INTERNAL] jdefer could not start (" + e
                    + "); please report it");
        }
    }

    /**
     * Checks what javac would reject before ANALYZE runs ({@code @Defer var}). Claims nothing.
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
                }
            }
        } catch (RuntimeException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "[jdefer:INTERNAL] jdefer failed while checking sources ("
                    + e + "); please report it");
        }
        return false;
    }
}
