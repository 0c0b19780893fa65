package org.dbos4j.bench;

import java.util.Arrays;

/**
 * W2: the cost of one checkpointed step, taken from a long workflow so that the per-workflow
 * overhead measured by W1 is spread too thin to matter. One workflow per round; the figure is the
 * median over rounds.
 */
final class StepCostMeasurement implements Measurement {
  private final DurableSystem library;
  private final int steps;
  private final int warmupWorkflows;
  private final long[] nanosPerStep;
  private int measured;

  StepCostMeasurement(DurableSystem library, int steps, int warmupWorkflows, int rounds) {
    this.library = library;
    this.steps = steps;
    this.warmupWorkflows = warmupWorkflows;
    this.nanosPerStep = new long[rounds];
  }

  @Override
  public String system() {
    return library.name();
  }

  @Override
  public String workload() {
    return "W2";
  }

  @Override
  public void warmUp() {
    for (int i = 0; i < warmupWorkflows; i++) {
      check(library.runStepsWorkflow(steps));
    }
  }

  @Override
  public double runBlock(int round) {
    long begin = System.nanoTime();
    long sum = library.runStepsWorkflow(steps);
    long elapsed = System.nanoTime() - begin;
    check(sum);
    nanosPerStep[measured++] = elapsed / steps;
    return elapsed / (double) steps / 1_000.0;
  }

  // A result check keeps a broken or short-circuited workflow from posting a flattering time.
  private void check(long sum) {
    long expected = DurableSystem.expectedStepSum(steps);
    if (sum != expected) {
      throw new IllegalStateException("steps workflow returned " + sum + ", expected " + expected);
    }
  }

  @Override
  public void report(Results results) {
    if (measured == 0) {
      return;
    }
    Stats stats = Stats.ofNanos(Arrays.copyOf(nanosPerStep, measured));
    results.record(library.name(), "W2", "us_per_step", stats.medianMicros());
  }
}
