package org.dbos4j.internal.time;

import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.dbos4j.DBOSException;
import org.jspecify.annotations.Nullable;

/**
 * The one source of time for everything dbos4j does: timestamps, durable deadlines and every wait
 * (durable sleep, retry pauses, {@code recv}, {@code getEvent}, results, the fallback poll). Waits
 * end on this source's time, not the machine's, so a test that moves a {@link ManualClock} forward
 * ends a one-hour sleep at once.
 */
public interface TimeSource {
  /** The current time, in epoch milliseconds. */
  long millis();

  /** A deadline at {@code deadlineMillis} on this source, for one wait of the calling thread. */
  Deadline deadline(long deadlineMillis);

  /**
   * A deadline {@code duration} from now, for one wait of the calling thread. Not {@code
   * deadline(millis() + duration)}: a millisecond clock's reading may be almost a millisecond old,
   * and a pause must last at least its duration.
   */
  Deadline after(Duration duration);

  /** The end of one wait. */
  interface Deadline {
    boolean passed();

    /**
     * Parks the calling thread until the deadline has passed or the thread is unparked; it may also
     * return for no reason, so callers check their condition in a loop.
     */
    void park(Object blocker);
  }

  /** {@code millis + duration}, capped instead of overflowing for very long timeouts. */
  static long millisAfter(long millis, Duration duration) {
    long added;
    try {
      added = duration.toMillis();
    } catch (ArithmeticException e) {
      added = Long.MAX_VALUE;
    }
    long sum = millis + added;
    return ((millis ^ sum) & (added ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** The time source reading {@code clock}: a manual clock moves its waits itself. */
  static TimeSource of(Clock clock) {
    return clock instanceof ManualClock manual ? manual : new SystemTimeSource(clock);
  }

  /**
   * The wait loop of dbos4j: parks until {@code done} holds (whoever makes it hold unparks this
   * thread), {@code deadlineMillis} has passed, or {@code cancel} is cancelled (which wins over the
   * other two).
   *
   * @param cancel the cancel token of the workflow execution that waits, or null outside one
   * @return true if {@code done} holds, false if the deadline passed first
   * @throws org.dbos4j.DBOSWorkflowCancelledException if {@code cancel} was cancelled first
   * @throws DBOSException if the thread is interrupted (its interrupt flag stays set)
   */
  default boolean awaitUntil(
      BooleanSupplier done, long deadlineMillis, @Nullable CancelToken cancel, Object blocker) {
    return awaitUntil(done, deadline(deadlineMillis), cancel, blocker);
  }

  /** {@link #awaitUntil(BooleanSupplier, long, CancelToken, Object)} until {@code deadline}. */
  default boolean awaitUntil(
      BooleanSupplier done, Deadline deadline, @Nullable CancelToken cancel, Object blocker) {
    Thread self = Thread.currentThread();
    if (cancel != null) {
      cancel.enter(self);
    }
    try {
      while (true) {
        // Cancellation first: a cancelled execution's wait ends with it even if what it waited
        // for has come, so that nothing it does after the cancel is recorded.
        if (cancel != null) {
          cancel.throwIfCancelled();
        }
        if (done.getAsBoolean()) {
          return true;
        }
        if (deadline.passed()) {
          return false;
        }
        deadline.park(blocker);
        if (Thread.interrupted()) {
          self.interrupt();
          throw new DBOSException("Interrupted while waiting for " + blocker);
        }
      }
    } finally {
      if (cancel != null) {
        cancel.exit(self);
      }
    }
  }

  /** Waits until {@code deadlineMillis}, unless {@code cancel} is cancelled first. */
  default void sleepUntil(long deadlineMillis, @Nullable CancelToken cancel, Object blocker) {
    awaitUntil(() -> false, deadlineMillis, cancel, blocker);
  }

  /** Waits for {@code duration}, unless {@code cancel} is cancelled first. */
  default void sleepFor(Duration duration, @Nullable CancelToken cancel, Object blocker) {
    awaitUntil(() -> false, after(duration), cancel, blocker);
  }
}
