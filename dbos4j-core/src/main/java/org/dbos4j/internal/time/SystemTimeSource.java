package org.dbos4j.internal.time;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Time from a {@link Clock} that is not a {@link ManualClock}: the system clock, or one a test
 * fixed or offset. A wait lasts as long as the clock said was left when it began, measured on the
 * machine's monotonic timer, so that a fixed clock's timeouts still end and a clock stepped back by
 * the operating system does not stretch them.
 */
final class SystemTimeSource implements TimeSource {
  private final Clock clock;

  SystemTimeSource(Clock clock) {
    this.clock = clock;
  }

  @Override
  public long millis() {
    return clock.millis();
  }

  @Override
  public Deadline deadline(long deadlineMillis) {
    if (deadlineMillis == Long.MAX_VALUE) {
      return Never.INSTANCE;
    }
    return after(Duration.ofMillis(Math.max(0, deadlineMillis - clock.millis())));
  }

  @Override
  public Deadline after(Duration duration) {
    long nanos;
    try {
      nanos = duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return Never.INSTANCE;
    }
    long now = System.nanoTime();
    return now + nanos < now ? Never.INSTANCE : new Monotonic(now + nanos);
  }

  private record Monotonic(long deadlineNanos) implements Deadline {
    @Override
    public boolean passed() {
      return deadlineNanos - System.nanoTime() <= 0;
    }

    @Override
    public void park(Object blocker) {
      LockSupport.parkNanos(blocker, deadlineNanos - System.nanoTime());
    }
  }

  private enum Never implements Deadline {
    INSTANCE;

    @Override
    public boolean passed() {
      return false;
    }

    @Override
    public void park(Object blocker) {
      LockSupport.park(blocker);
    }
  }
}
