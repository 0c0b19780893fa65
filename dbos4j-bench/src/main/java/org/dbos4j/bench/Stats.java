package org.dbos4j.bench;

import java.util.Arrays;

/** Order statistics over a set of measured durations, reported in microseconds. */
final class Stats {
  private static final double NANOS_PER_MICRO = 1_000.0;

  private final long[] sortedNanos;

  private Stats(long[] sortedNanos) {
    this.sortedNanos = sortedNanos;
  }

  static Stats ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    long[] copy = nanos.clone();
    Arrays.sort(copy);
    return new Stats(copy);
  }

  int count() {
    return sortedNanos.length;
  }

  double medianMicros() {
    int n = sortedNanos.length;
    double nanos =
        n % 2 == 1
            ? sortedNanos[n / 2]
            : (sortedNanos[n / 2 - 1] + (double) sortedNanos[n / 2]) / 2.0;
    return nanos / NANOS_PER_MICRO;
  }

  /**
   * Nearest-rank percentile: the smallest sample that at least {@code percent}% of samples do not
   * exceed, so p99 of 2000 samples is the 1980th, a real observed latency rather than an
   * interpolation.
   */
  double percentileMicros(double percent) {
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be in (0, 100], got " + percent);
    }
    int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.length);
    return sortedNanos[Math.max(rank, 1) - 1] / NANOS_PER_MICRO;
  }
}
