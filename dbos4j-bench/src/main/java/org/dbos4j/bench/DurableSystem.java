package org.dbos4j.bench;

/**
 * One durable-workflow library, set up with the same two workflows, so that the workload loops are
 * written once and both libraries are timed by identical code.
 */
interface DurableSystem extends AutoCloseable {

  /** The {@code system=} label of this library's result lines. */
  String name();

  /** Resets the library's system database, registers the workflows and launches the library. */
  void launch() throws Exception;

  /** Runs a workflow with no steps to completion; it returns {@link #EMPTY_RESULT}. */
  int runEmptyWorkflow();

  /**
   * Runs a workflow of {@code steps} checkpointed steps, step {@code i} returning {@code i}, to
   * completion; it returns the sum of what its steps returned.
   */
  long runStepsWorkflow(int steps);

  @Override
  void close();

  int EMPTY_RESULT = 42;

  static long expectedStepSum(int steps) {
    return (long) steps * (steps - 1) / 2;
  }
}
