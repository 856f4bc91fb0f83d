package io.jdefer.analysis;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import io.jdefer.plan.SourcePlan;
import io.jdefer.plan.DeferSite;
import io.jdefer.plan.ScopePlan;
import io.jdefer.plan.SiteKind;
import java.util.Map;
import javax.lang.model.element.TypeElement;

/**
 * A {@link SourcePlan} with what the processor needs to report against the source at GENERATE: the
 * compilation unit, the class and its tree, the tree of each method by JVM name and descriptor, and the tree of every site by its id. Trees are kept from ANALYZE: once javac has
 * generated a class, it no longer gives an element a position.
 */
public record PlannedClass(SourcePlan plan, TypeElement type, CompilationUnitTree unit, Tree classTree, Map<String, Tree> methodTrees,
                           Map<Integer, Tree> siteTrees) {
    public PlannedClass {
        methodTrees = Map.copyOf(methodTrees);
        siteTrees = Map.copyOf(siteTrees);
    }

    /**
     * The first source site of {@code kind} (any kind when {@code null}) on {@code line}, where a
     * diagnostic about it goes, or {@code null}; the diagnostic then goes to the method. Only where
     * a message points depends on it, never what the rewriter does.
     */
    public DeferSite siteOnLine(SiteKind kind, int line) {
        for (ScopePlan scope : plan.scopes()) {
            for (DeferSite site : scope.sites()) {
                if ((kind == null || site.kind() == kind) && site.line() == line) {
                    return site;
                }
            }
        }
        return null;
    }
}
