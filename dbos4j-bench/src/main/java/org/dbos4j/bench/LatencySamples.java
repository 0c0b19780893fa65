package org.dbos4j.bench;

import java.util.Arrays;

/**
 * The samples of one latency figure, taken in blocks over the rounds and pooled, so median and p99
 * cover the whole run. The total is split evenly over the rounds; the first {@code total % rounds}
 * rounds take one sample more, so the total is exact.
 */
final class LatencySamples {
  private final long[] nanos;
  private final int rounds;
  private int count;

  LatencySamples(int total, int rounds) {
    this.nanos = new long[total];
    this.rounds = rounds;
  }

  /** How many samples the block of round {@code round} (from 0) takes. */
  int blockSize(int round) {
    int total = nanos.length;
    return total / rounds + (round < total % rounds ? 1 : 0);
  }

  /** The number of samples taken so far; pass it to {@link #medianMicrosSince} after a block. */
  int count() {
    return count;
  }

  void add(long sampleNanos) {
    nanos[count++] = sampleNanos;
  }

  /** The median of the samples added since there were {@code start} of them. */
  double medianMicrosSince(int start) {
    return Stats.ofNanos(Arrays.copyOfRange(nanos, start, count)).medianMicros();
  }

  /**
   * Records {@code median_us} and {@code p99_us} over all samples, or nothing if there are none.
   */
  void report(Results results, String system, String workload) {
    if (count == 0) {
      return;
    }
    Stats stats = Stats.ofNanos(Arrays.copyOf(nanos, count));
    results.record(system, workload, "median_us", stats.medianMicros());
    results.record(system, workload, "p99_us", stats.percentileMicros(99));
  }
}
