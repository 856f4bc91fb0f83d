package io.jdefer.analysis;

import io.jdefer.plan.SourcePlan;
import io.jdefer.plan.ScopePlan;
import io.jdefer.plan.StrategyChoice;
import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import javax.lang.model.element.TypeElement;

/** Collects the scopes of one class file while the scan walks its source. */
final class SourcePlanBuilder {
    final String internalName;
    final StrategyChoice classStrategy;
    final TypeElement type;
    final Tree tree;
    final Map<String, Tree> methodTrees = new HashMap<>();
    private final List<ScopePlan> scopes = new ArrayList<>();

    SourcePlanBuilder(String internalName, StrategyChoice classStrategy, TypeElement type, Tree tree) {
        this.internalName = internalName;
        this.classStrategy = classStrategy;
        this.type = type;
        this.tree = tree;
    }

    void add(ScopePlan scope) {
        scopes.add(scope);
    }

    boolean isEmpty() {
        return scopes.isEmpty();
    }

    SourcePlan build() {
        return new SourcePlan(internalName, classStrategy, scopes);
    }
}
