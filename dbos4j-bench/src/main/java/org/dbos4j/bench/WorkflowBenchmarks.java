package org.dbos4j.bench;

/** W1 and W2, timed the same way for every {@link DurableSystem}. */
final class WorkflowBenchmarks {
  private final BenchOptions options;
  private final Results results;

  WorkflowBenchmarks(BenchOptions options, Results results) {
    this.options = options;
    this.results = results;
  }

  void run(DurableSystem system) {
    if (options.workloads().contains("W1")) {
      emptyWorkflowLatency(system);
    }
    if (options.workloads().contains("W2")) {
      stepCost(system);
    }
  }

  /** W1: what a durable call costs when the workflow does nothing, one call at a time. */
  private void emptyWorkflowLatency(DurableSystem system) {
    for (int i = 0; i < options.warmup(); i++) {
      checkEmpty(system.runEmptyWorkflow());
    }
    long[] nanos = new long[options.iterations()];
    for (int i = 0; i < nanos.length; i++) {
      long start = System.nanoTime();
      int value = system.runEmptyWorkflow();
      nanos[i] = System.nanoTime() - start;
      checkEmpty(value);
    }
    Stats stats = Stats.ofNanos(nanos);
    results.record(system.name(), "W1", "median_us", stats.medianMicros());
    results.record(system.name(), "W1", "p99_us", stats.percentileMicros(99));
  }

  /**
   * W2: the cost of one checkpointed step, taken from a long workflow so that the per-workflow
   * overhead measured by W1 is spread too thin to matter.
   */
  private void stepCost(DurableSystem system) {
    int steps = options.steps();
    for (int i = 0; i < options.stepWarmup(); i++) {
      checkSteps(system.runStepsWorkflow(steps), steps);
    }
    long[] nanosPerStep = new long[options.stepRepeats()];
    for (int i = 0; i < nanosPerStep.length; i++) {
      long start = System.nanoTime();
      long sum = system.runStepsWorkflow(steps);
      nanosPerStep[i] = (System.nanoTime() - start) / steps;
      checkSteps(sum, steps);
      BenchMain.progress(
          system.name() + " W2 run " + (i + 1) + ": " + nanosPerStep[i] / 1000.0 + " us/step");
    }
    results.record(system.name(), "W2", "us_per_step", Stats.ofNanos(nanosPerStep).medianMicros());
  }

  // A result check keeps a broken or short-circuited workflow from posting a flattering time.
  private static void checkEmpty(int value) {
    if (value != DurableSystem.EMPTY_RESULT) {
      throw new IllegalStateException("empty workflow returned " + value);
    }
  }

  private static void checkSteps(long sum, int steps) {
    long expected = DurableSystem.expectedStepSum(steps);
    if (sum != expected) {
      throw new IllegalStateException("steps workflow returned " + sum + ", expected " + expected);
    }
  }
}
