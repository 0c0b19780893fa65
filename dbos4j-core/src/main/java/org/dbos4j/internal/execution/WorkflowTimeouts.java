package org.dbos4j.internal.execution;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.dbos4j.internal.time.TimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels workflows whose deadline passes while they run in this process, as {@code
 * DBOS.cancelWorkflow} would (with their descendants). A deadline is recorded in the workflow's row
 * when it starts (a queued one: when it is dequeued), so every execution, first or recovered, is
 * watched from the deadline it was admitted with: cancelled at it, or, if it has passed, before its
 * body runs (on the thread about to run it: 1 round trip, only then).
 *
 * <p>One thread for the process waits on the runtime's time source for the earliest deadline, so a
 * test's manual clock moves timeouts too. With no deadline to watch it parks off the clock: an idle
 * timer is not a wait on the clock, and costs nothing.
 */
public final class WorkflowTimeouts implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkflowTimeouts.class);

  /** How long a deadline waits to be tried again when its cancel could not be recorded. */
  private static final Duration RETRY = Duration.ofSeconds(1);

  /** One execution's deadline; the sequence number tells equal deadlines apart. */
  private record Watch(long deadline, long sequence, String workflowId)
      implements Comparable<Watch> {
    @Override
    public int compareTo(Watch o) {
      int byDeadline = Long.compare(deadline, o.deadline);
      return byDeadline != 0 ? byDeadline : Long.compare(sequence, o.sequence);
    }
  }

  private final WorkflowCancellation cancellation;
  private final TimeSource time;
  private final ConcurrentSkipListSet<Watch> watches = new ConcurrentSkipListSet<>();
  private final Map<WorkflowExecution, Watch> byExecution = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final Thread thread;
  private volatile boolean changed;
  private volatile boolean closed;

  public WorkflowTimeouts(WorkflowCancellation cancellation, TimeSource time) {
    this.cancellation = cancellation;
    this.time = time;
    this.thread = new Thread(this::watchUntilClosed, "dbos4j-workflow-timeouts");
    thread.setDaemon(true);
  }

  /** Starts watching deadlines. */
  public void start() {
    thread.start();
  }

  /**
   * Watches the execution's deadline, if it has one, until {@link #unwatch}; called before the
   * execution runs.
   */
  void watch(WorkflowExecution execution) {
    Long deadline = execution.deadline();
    if (deadline == null) {
      return;
    }
    Watch w = new Watch(deadline, sequence.incrementAndGet(), execution.workflowId());
    if (time.millis() >= deadline) {
      expire(w);
      return;
    }
    byExecution.put(execution, w);
    add(w);
  }

  /** Stops watching the execution: it has ended. */
  void unwatch(WorkflowExecution execution) {
    Watch w = byExecution.remove(execution);
    if (w != null) {
      watches.remove(w);
    }
  }

  private void add(Watch w) {
    watches.add(w);
    changed = true;
    LockSupport.unpark(thread);
  }

  private void watchUntilClosed() {
    while (!closed) {
      changed = false; // before the look, so that a watch added after it ends the wait
      Watch first = watches.isEmpty() ? null : watches.first();
      if (first == null) {
        LockSupport.park(this);
      } else if (time.millis() >= first.deadline()) {
        if (watches.remove(first)) {
          expire(first);
        }
      } else {
        time.awaitUntil(() -> changed || closed, first.deadline(), null, this);
      }
    }
  }

  private void expire(Watch w) {
    try {
      if (!cancellation.cancelTree(w.workflowId()).isEmpty()) {
        log.info("workflow {} cancelled: its deadline passed", w.workflowId());
      }
    } catch (RuntimeException e) {
      log.warn(
          "cannot cancel workflow {} at its deadline ({}); trying again in {}",
          w.workflowId(),
          e.getMessage(),
          RETRY);
      watches.add(
          new Watch(
              TimeSource.millisAfter(time.millis(), RETRY),
              sequence.incrementAndGet(),
              w.workflowId()));
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
  }

  @Override
  public String toString() {
    return "the next workflow deadline";
  }
}
