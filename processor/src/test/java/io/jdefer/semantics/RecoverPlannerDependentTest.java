package io.jdefer.semantics;

/**
 * {@link RecoverTest} through a class-file front end: run it with
 * {@code -Dtest=RecoverPlannerDependentTest -Djdefer.test.frontend=ecj-postcompile} (or under the
 * agent). The front ends' ECJ executions run RecoverTest too, less the methods that need the
 * planner's bytecode-only facts: which methods' {@code recover()} a method-reference target or an
 * {@code Action} object's {@code run()} reaches (SPEC S5). Those fail here until the planner lands;
 * then this class joins the ECJ executions and the excludes in processor/pom.xml go.
 */
class RecoverPlannerDependentTest extends RecoverTest {}
