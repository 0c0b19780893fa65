package org.dbos4j.bench;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Moments taken inside a workflow body and handed to the driver. Driver and workflows share one
 * JVM, so a {@link System#nanoTime()} read in the workflow can be subtracted from one read in the
 * driver; the library under test never carries the time, so its serializer cannot distort it.
 */
final class ArrivalStamps {
  private record Stamp(int index, long nanos) {}

  private final BlockingQueue<Stamp> stamps = new LinkedBlockingQueue<>();

  /** Called by a workflow body: event {@code index} happens now. */
  void stamp(int index) {
    stamps.add(new Stamp(index, System.nanoTime()));
  }

  /**
   * The moment of event {@code index}, waiting for it up to {@code timeout}. Events come one at a
   * time, so the next stamp must be this one; anything else means the workflow lost count.
   */
  long await(int index, Duration timeout) throws InterruptedException, TimeoutException {
    Stamp stamp = stamps.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (stamp == null) {
      throw new TimeoutException("no stamp " + index + " within " + timeout);
    }
    if (stamp.index() != index) {
      throw new IllegalStateException("expected stamp " + index + ", got " + stamp.index());
    }
    return stamp.nanos();
  }

  /** Forgets stamps a failed block left behind, so the next block starts in step. */
  void clear() {
    stamps.clear();
  }
}
