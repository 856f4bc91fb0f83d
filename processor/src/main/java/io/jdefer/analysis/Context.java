package io.jdefer.analysis;

import io.jdefer.plan.DeferSite;
import io.jdefer.plan.LineSpan;
import io.jdefer.plan.SiteKind;
import io.jdefer.plan.StrategyChoice;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.lang.model.element.Element;

/**
 * One level of the scan's context: a class body, an invocation scope (method, constructor, lambda
 * body) or an initializer. {@code strategy} is that of the nearest {@code @Deferred}, or
 * {@code null} outside every {@code @Deferred} element.
 */
final class Context {
    enum Kind {
        CLASS,
        METHOD,
        CONSTRUCTOR,
        LAMBDA,
        INITIALIZER
    }

    final Kind kind;
    /** JVM name of the method ({@code <init>} for a constructor), {@code lambda}, or the class's binary name. */
    final String name;
    final StrategyChoice strategy;
    final LineSpan lines;
    /** The method or class, for messages; the enclosing method for a lambda. */
    final Element element;
    final SourcePlanBuilder owner;
    final List<DeferSite> sites = new ArrayList<>();
    /** Loops around the current position within this scope, innermost first. */
    final Deque<String> loops = new ArrayDeque<>();
    /** For a lambda passed directly to {@code defer(...)} and the like: what registers it; else {@code null}. */
    SiteKind action;
    /** The scope calls {@code recover()} where it can recover: its class must be rewritten even without sites. */
    boolean recovers;

    Context(Kind kind, String name, StrategyChoice strategy, LineSpan lines, Element element, SourcePlanBuilder owner) {
        this.kind = kind;
        this.name = name;
        this.strategy = strategy;
        this.lines = lines;
        this.element = element;
        this.owner = owner;
    }

    boolean isInvocationScope() {
        return kind == Kind.METHOD || kind == Kind.CONSTRUCTOR || kind == Kind.LAMBDA;
    }
}
