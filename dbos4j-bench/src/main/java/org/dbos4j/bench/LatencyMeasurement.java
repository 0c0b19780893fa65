package org.dbos4j.bench;

import java.util.Arrays;

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
  private final int rounds;
  private final long[] nanos;
  private int measured;

  LatencyMeasurement(
      String system, String workload, Call call, int warmup, int iterations, int rounds) {
    this.system = system;
    this.workload = workload;
    this.call = call;
    this.warmup = warmup;
    this.rounds = rounds;
    this.nanos = new long[iterations];
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
    int start = measured;
    int end = start + blockSize(round);
    for (int i = start; i < end; i++) {
      long begin = System.nanoTime();
      call.run();
      nanos[i] = System.nanoTime() - begin;
    }
    measured = end;
    return Stats.ofNanos(Arrays.copyOfRange(nanos, start, end)).medianMicros();
  }

  /** The first {@code iterations % rounds} rounds take one extra call so the total is exact. */
  private int blockSize(int round) {
    int total = nanos.length;
    return total / rounds + (round < total % rounds ? 1 : 0);
  }

  @Override
  public void report(Results results) {
    if (measured == 0) {
      return;
    }
    Stats stats = Stats.ofNanos(Arrays.copyOf(nanos, measured));
    results.record(system, workload, "median_us", stats.medianMicros());
    results.record(system, workload, "p99_us", stats.percentileMicros(99));
  }
}
