package org.dbos4j.bench;

/**
 * W0 and W1: the latency of one call, made one at a time. The {@code iterations} calls are split
 * evenly over the rounds and pooled, so median and p99 cover the whole run for every system.
 */
final class LatencyMeasurement implements Measurement {

  /** One call; it throws if the call did not do what it should, so a broken call posts no time. */
  interface Call {
    void run() throws Exception;
  }

  private final String system;
  private final String workload;
  private final Call call;
  private final int warmup;
  private final LatencySamples samples;

  LatencyMeasurement(
      String system, String workload, Call call, int warmup, int iterations, int rounds) {
    this.system = system;
    this.workload = workload;
    this.call = call;
    this.warmup = warmup;
    this.samples = new LatencySamples(iterations, rounds);
  }

  @Override
  public String system() {
    return system;
  }

  @Override
  public String workload() {
    return workload;
  }

  @Override
  public void warmUp() throws Exception {
    for (int i = 0; i < warmup; i++) {
      call.run();
    }
  }

  @Override
  public double runBlock(int round) throws Exception {
    int start = samples.count();
    for (int i = samples.blockSize(round); i > 0; i--) {
      long begin = System.nanoTime();
      call.run();
      samples.add(System.nanoTime() - begin);
    }
    return samples.medianMicrosSince(start);
  }

  @Override
  public void report(Results results) {
    samples.report(results, system, workload);
  }
}
