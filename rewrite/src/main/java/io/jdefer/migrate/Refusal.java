package io.jdefer.migrate;

/**
 * Why a cleanup block was left as it is. Each id is stable (tests and the report use it) and has a
 * row in docs/migrate.md. A refusal is a guard that returns early, one reason each, like Go's
 * open-coded-defer gates: the recipe never guesses.
 */
enum Refusal {
    NOT_IN_METHOD("not-in-method", "the try is in an initializer block, not in a method or constructor (S8)"),
    IN_LAMBDA("in-lambda", "the try is in a lambda body; only method bodies are converted"),
    NESTED_IN_STATEMENT("nested-in-statement",
        "the try is inside a loop, if, block or other statement: a deferred action would wait for the method's exit (S2)"),
    STATEMENTS_AFTER_TRY("statements-after-try",
        "statements follow the try; the cleanup would run after them instead of before (S2)"),
    BODY_REGISTERS_DEFERS("body-registers-defers",
        "the try body already registers jdefer actions; they would run before the cleanup instead of after (S2)"),
    RETURN_IN_FINALLY("return-in-finally", "the finally block returns; a deferred action cannot change the result (S6)"),
    JUMP_IN_FINALLY("jump-in-finally", "the finally block throws, breaks or continues"),
    EMPTY_FINALLY("empty-finally", "the finally block is empty"),
    FINALLY_NOT_ONLY_CALLS("finally-not-only-calls",
        "the finally block holds statements other than method calls (an if, an assignment, a declaration)"),
    FINALLY_READS_REASSIGNED_LOCAL("finally-reads-reassigned-local",
        "the finally block reads a local that is assigned after its declaration; an action captures it at registration (S1)"),
    RESOURCE_WITH_CATCH_OR_FINALLY("resources-with-catch-or-finally",
        "the try-with-resources has catch or finally clauses, which also see close()'s exceptions"),
    RESOURCE_DECLARED_VAR("resource-declared-var", "a resource is declared with var; @Defer needs an explicit type (S9)"),
    RESOURCE_IS_REFERENCE("resource-is-reference",
        "a resource is an existing variable (try (r)); @Defer needs a declaration (S9)"),
    NAME_CLASH("name-clash",
        "the class declares a method named defer, deferOnError, deferOnSuccess or recover, which would hide the static import"),

    RECIPE_ERROR("recipe-error",
        "the recipe failed on this method (a bug: please report it with the method); the method is left unchanged"),

    // InlineDefers: why a method keeps its defers
    DEFER_IN_LOOP("defer-in-loop",
        "a site is in a loop: its actions pile up until the method exits (S2), which plain try/finally cannot say"),
    DEFER_IN_BRANCH("defer-in-branch",
        "a site is inside an if, switch, try or block: whether it registered is known only at run time"),
    DEFER_IN_LAMBDA("defer-in-lambda", "a site is in a lambda body, its own scope (S8)"),
    USES_RECOVER("uses-recover", "the method or an action calls recover() (S5), which plain Java has no form for"),
    ACTION_OBJECT("action-object", "an action is an Action object, not a lambda or a method reference"),
    ACTION_RETURNS("action-returns", "a lambda action has a return statement, which in a finally would leave the method"),
    DEFERRED_ON_TYPE("deferred-on-type", "the @Deferred scope is the class, not the method"),
    OTHER_SITE_REFUSED("method-has-refused-site",
        "another site of the method is refused; a method is inlined whole or not at all, so the order stays LIFO (S2)");

    final String id;
    final String description;

    Refusal(String id, String description) {
        this.id = id;
        this.description = description;
    }
}
