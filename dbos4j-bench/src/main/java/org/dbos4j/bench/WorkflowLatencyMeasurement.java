package org.dbos4j.bench;

import java.util.Locale;

/**
 * A latency figure measured through workflows: each block (and the warmup) runs one new workflow
 * that serves {@code count} samples; subclasses say how a block drives its workflow.
 */
abstract class WorkflowLatencyMeasurement implements Measurement {
  final DurableSystem library;
  private final String workload;
  private final String workflowIdPrefix;
  private final int warmup;
  private final LatencySamples samples;

  WorkflowLatencyMeasurement(
      DurableSystem library, String workload, int warmup, int iterations, int rounds) {
    this.library = library;
    this.workload = workload;
    this.workflowIdPrefix = workload.toLowerCase(Locale.ROOT);
    this.warmup = warmup;
    this.samples = new LatencySamples(iterations, rounds);
  }

  /**
   * Runs a new workflow {@code workflowId} through {@code count} samples, adding each to {@code
   * into} (null: warmup, nothing kept).
   */
  abstract void measure(String workflowId, int count, LatencySamples into) throws Exception;

  @Override
  public String system() {
    return library.name();
  }

  @Override
  public String workload() {
    return workload;
  }

  @Override
  public void warmUp() throws Exception {
    if (warmup > 0) {
      measure(workflowIdPrefix + "-warmup", warmup, null);
    }
  }

  @Override
  public double runBlock(int round) throws Exception {
    int start = samples.count();
    measure(workflowIdPrefix + "-round-" + round, samples.blockSize(round), samples);
    return samples.medianMicrosSince(start);
  }

  @Override
  public void report(Results results) {
    samples.report(results, library.name(), workload);
  }
}
