package org.dbos4j.internal.notify;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.dbos4j.internal.time.TimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net under LISTEN/NOTIFY: one slow poll for the whole process that asks the database,
 * in at most one query per kind of wait, which of the awaited messages, events and results exist,
 * and fires those. A lost notification therefore delays a waiter by at most one interval and never
 * hangs it; an idle process (no waiters) queries nothing. The same poll looks, in one more query,
 * for cancelled rows of the executions running here (see {@link CancellationNotices}). The interval
 * is measured on the runtime's time source, like every other wait.
 */
public final class FallbackPoller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FallbackPoller.class);

  private final WakeupSignals signals;
  private final List<Source> sources;
  private final CancellationNotices cancellations;
  private final TimeSource time;
  private final long intervalMillis;
  private final Thread thread;
  private volatile boolean closed;

  /**
   * What one kind of wait looks up: given the workflow IDs waited on, the keys (in their wire form,
   * see {@link WakeupKey}) whose data now exists.
   */
  public record Source(WakeupKey.Kind kind, Function<Collection<String>, List<String>> present) {}

  public FallbackPoller(
      WakeupSignals signals,
      List<Source> sources,
      CancellationNotices cancellations,
      Duration interval,
      TimeSource time) {
    this.signals = signals;
    this.sources = List.copyOf(sources);
    this.cancellations = cancellations;
    this.time = time;
    this.intervalMillis = interval.toMillis();
    this.thread = new Thread(this::pollUntilClosed, "dbos4j-fallback-poll");
    thread.setDaemon(true);
  }

  /** Starts polling, once every interval. */
  public void start() {
    thread.start();
  }

  private void pollUntilClosed() {
    while (!time.awaitUntil(() -> closed, time.millis() + intervalMillis, null, this)) {
      poll();
    }
  }

  /** Polls once; public for tests. */
  public void poll() {
    for (Source source : sources) {
      List<WakeupKey> keys = signals.waitingKeys(source.kind());
      if (keys.isEmpty()) {
        continue;
      }
      Set<String> workflowIds = new LinkedHashSet<>();
      for (WakeupKey key : keys) {
        workflowIds.addAll(key.candidateWorkflowIds());
      }
      try {
        for (String present : source.present().apply(workflowIds)) {
          signals.fire(WakeupKey.ofWire(source.kind(), present));
        }
      } catch (RuntimeException e) {
        log.warn("fallback poll of {} keys failed: {}", source.kind(), e.getMessage());
      }
    }
    try {
      cancellations.poll();
    } catch (RuntimeException e) {
      log.warn("fallback poll of cancelled workflows failed: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
  }

  @Override
  public String toString() {
    return "the next fallback poll";
  }
}
