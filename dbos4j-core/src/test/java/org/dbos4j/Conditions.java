package org.dbos4j;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Waiting in tests for a state, never for time: polls a condition until it holds. The bound only
 * keeps a broken test from hanging; a condition that holds sooner ends the wait at once.
 */
public final class Conditions {
  /** The bound of waits that should end much sooner. */
  public static final Duration BOUND = Duration.ofSeconds(Gate.TIMEOUT_SECONDS);

  private Conditions() {}

  /** Polls {@code condition} until true, failing after {@link #BOUND}. */
  public static void awaitTrue(String what, Callable<Boolean> condition) throws Exception {
    awaitTrue(what, BOUND, condition);
  }

  /** Polls {@code condition} until true, failing after {@code bound}. */
  public static void awaitTrue(String what, Duration bound, Callable<Boolean> condition)
      throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out after " + bound + " waiting until " + what);
      }
      Thread.sleep(10);
    }
  }
}
