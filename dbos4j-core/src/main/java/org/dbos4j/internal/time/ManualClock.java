package org.dbos4j.internal.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock that moves only when told to, for tests: given as {@code DBOSConfig.clock}, it is also
 * the time source of every wait, and moving it forward wakes the waits whose deadline it passes. A
 * durable sleep of an hour then ends as soon as the test calls {@code advance(1 hour)}.
 */
public final class ManualClock extends Clock implements TimeSource {
  private final AtomicLong now;
  private final ZoneId zone;
  private final Set<Thread> parked = ConcurrentHashMap.newKeySet();

  public ManualClock(Instant start) {
    this(start.toEpochMilli(), ZoneOffset.UTC);
  }

  private ManualClock(long startMillis, ZoneId zone) {
    this.now = new AtomicLong(startMillis);
    this.zone = zone;
  }

  /** Moves the time forward by {@code duration} and wakes every wait to look at the new time. */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a manual clock moves forward only, got " + duration);
    }
    now.addAndGet(duration.toMillis());
    parked.forEach(LockSupport::unpark);
  }

  /** How many threads wait on this clock now; tests wait for it before they move time. */
  public int parkedThreads() {
    return parked.size();
  }

  @Override
  public long millis() {
    return now.get();
  }

  @Override
  public Deadline after(Duration duration) {
    return deadline(TimeSource.millisAfter(now.get(), duration));
  }

  @Override
  public Deadline deadline(long deadlineMillis) {
    return new Deadline() {
      @Override
      public boolean passed() {
        return now.get() >= deadlineMillis;
      }

      @Override
      public void park(Object blocker) {
        Thread self = Thread.currentThread();
        parked.add(self);
        try {
          if (!passed()) {
            LockSupport.park(blocker);
          }
        } finally {
          parked.remove(self);
        }
      }
    };
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(now.get());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view in another zone that shares this clock's time, but not its waits. */
  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.fixed(instant(), zone);
  }
}
