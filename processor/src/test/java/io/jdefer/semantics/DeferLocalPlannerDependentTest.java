package io.jdefer.semantics;

/**
 * {@link DeferLocalTest} through a class-file front end: run it with
 * {@code -Dtest=DeferLocalPlannerDependentTest -Djdefer.test.frontend=ecj-postcompile} (or under the
 * agent). {@code @Defer} locals (SPEC S9) come from the source today; from class bytes alone they
 * come from the LOCAL_VARIABLE type annotations the compiler writes, which is the planner's work.
 * Until it lands, every test here that runs a {@code @Defer} local fails.
 */
class DeferLocalPlannerDependentTest extends DeferLocalTest {}
