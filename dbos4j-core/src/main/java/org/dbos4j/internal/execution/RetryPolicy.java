package org.dbos4j.internal.execution;

import org.dbos4j.Step;
import org.dbos4j.StepOptions;

/** How often a step is attempted and how long to pause between attempts. */
public record RetryPolicy(int retries, long intervalMillis, double backoff) {
  public static final RetryPolicy NONE = new RetryPolicy(0, 1000, 2.0);

  public RetryPolicy {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be 0 or more, got " + retries);
    }
    if (intervalMillis < 0) {
      throw new IllegalArgumentException("intervalMillis must be 0 or more, got " + intervalMillis);
    }
    if (!(backoff >= 1.0) || Double.isInfinite(backoff)) {
      throw new IllegalArgumentException("backoff must be a finite number >= 1.0, got " + backoff);
    }
  }

  public static RetryPolicy of(Step step) {
    return new RetryPolicy(step.retries(), step.intervalMillis(), step.backoff());
  }

  public static RetryPolicy of(StepOptions options) {
    return new RetryPolicy(options.retries(), options.interval().toMillis(), options.backoff());
  }

  /** The pause after failed attempt {@code attempt} (counted from 1). */
  long pauseAfter(int attempt) {
    return (long) Math.min(Long.MAX_VALUE, intervalMillis * Math.pow(backoff, attempt - 1));
  }
}
