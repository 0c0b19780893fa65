package org.dbos4j;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

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
    awaitValue(what, bound, () -> condition.call() ? Boolean.TRUE : null);
  }

  /**
   * Polls {@code poll} until it answers non-null and returns the answer, failing after {@code
   * bound}; what {@code poll} throws ends the wait.
   */
  public static <T> T awaitValue(String what, Duration bound, Callable<@Nullable T> poll)
      throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      T answer = poll.call();
      if (answer != null) {
        return answer;
      }
      if (System.nanoTime() - deadline > 0) {
        fail("timed out after " + bound + " waiting until " + what);
      }
      Thread.sleep(10); // the poll's interval: the wait ends on the state, not on the time
    }
  }
}
