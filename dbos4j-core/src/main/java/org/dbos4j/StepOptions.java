package org.dbos4j;

import java.time.Duration;
import java.util.Objects;

/**
 * The name and retry policy of an inline step run with {@link DBOS#runStep(StepOptions,
 * ThrowingSupplier)}. Immutable: each method returns a new instance.
 *
 * <pre>{@code
 * int n = DBOS.runStep(StepOptions.named("count").retries(3), () -> api.count());
 * }</pre>
 */
public final class StepOptions {
  private final String name;
  private final int retries;
  private final Duration interval;
  private final double backoff;

  private StepOptions(String name, int retries, Duration interval, double backoff) {
    this.name = name;
    this.retries = retries;
    this.interval = interval;
    this.backoff = backoff;
  }

  /** Options for a step called {@code name}, with no retries. */
  public static StepOptions named(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("step name must not be blank");
    }
    return new StepOptions(name, 0, Duration.ofSeconds(1), 2.0);
  }

  /** Allows up to {@code 1 + retries} attempts; {@code retries} must be 0 or more. */
  public StepOptions retries(int retries) {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be 0 or more, got " + retries);
    }
    return new StepOptions(name, retries, interval, backoff);
  }

  /** The pause before the first retry; must not be negative. */
  public StepOptions interval(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval must not be negative, got " + interval);
    }
    return new StepOptions(name, retries, interval, backoff);
  }

  /** The factor by which the pause grows after each retry; must be at least 1.0. */
  public StepOptions backoff(double backoff) {
    if (!(backoff >= 1.0) || Double.isInfinite(backoff)) {
      throw new IllegalArgumentException("backoff must be a finite number >= 1.0, got " + backoff);
    }
    return new StepOptions(name, retries, interval, backoff);
  }

  public String name() {
    return name;
  }

  public int retries() {
    return retries;
  }

  public Duration interval() {
    return interval;
  }

  public double backoff() {
    return backoff;
  }

  @Override
  public String toString() {
    return "StepOptions[name="
        + name
        + ", retries="
        + retries
        + ", interval="
        + interval
        + ", backoff="
        + backoff
        + "]";
  }
}
