package org.dbos4j.internal.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.dbos4j.DBOSException;
import org.dbos4j.Queue;
import org.dbos4j.internal.execution.RunningWorkflows;
import org.dbos4j.internal.execution.WorkflowStarts;
import org.dbos4j.internal.notify.ChannelSubscriber;
import org.dbos4j.internal.registry.FunctionRegistry;
import org.dbos4j.internal.registry.RegisteredWorkflow;
import org.dbos4j.internal.sysdb.DequeueRequest;
import org.dbos4j.internal.sysdb.Dequeued;
import org.dbos4j.internal.sysdb.QueueBacklog;
import org.dbos4j.internal.sysdb.QueuePartition;
import org.dbos4j.internal.sysdb.QueuesDao;
import org.dbos4j.internal.sysdb.WorkflowRow;
import org.dbos4j.internal.time.TimeSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one dispatcher of a process, for all its registered queues: a thread that dequeues workflows
 * (see {@link QueuesDao#dequeue}) as the limits allow and starts them on the workflow executor.
 *
 * <p>It does not poll each queue. It dequeues a queue partition when something says it may have
 * work: an enqueue in this process; a queued workflow of this process ending, which frees a slot of
 * a queue with a concurrency limit; a {@link QueueNotice} from another process (PostgreSQL's
 * NOTIFY: an enqueue there, a slot freed there); the first DELAYED workflow becoming due (a timer);
 * a rate limit's window moving on (a timer). A partition that was full (a whole batch taken) is
 * dequeued again at once. Signals that arrive while it works coalesce into one dequeue each.
 *
 * <p>As a safety net for lost notifications, for work that cannot notify (another process on the
 * same SQLite file) and at launch, it looks at every queue at a slow interval with jitter, in one
 * query for all of them ({@link QueuesDao#look}), and dequeues only the partitions that hold work;
 * idle, that is one query per interval whatever the number of queues. When its dequeues have to
 * wait for other processes' (contention), the interval doubles, up to {@link
 * #MAX_LOOK_INTERVAL_MILLIS}, and it shrinks back while they do not.
 *
 * <p>Every wait is on the runtime's time source, so a test clock moves delays, rate-limit windows
 * and looks.
 */
public final class QueueDispatcher implements ChannelSubscriber, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueueDispatcher.class);

  /**
   * The channel of {@link QueueNotice}s: the queue triggers of {@code SchemaMigrations} notify it.
   */
  public static final String CHANNEL = "dbos_queue_channel";

  /** The most workflows one dequeue takes: bounds its transaction; a full batch is followed. */
  static final int MAX_BATCH = 100;

  /**
   * The interval between looks at all queues, without contention. An idle process's look costs the
   * database two transactions, as the pool checks a connection idle for over half a second before
   * it lends it: every 2 s, that is one a second.
   */
  static final long LOOK_INTERVAL_MILLIS = 2_000;

  /** The longest interval between looks, under contention or failures. */
  static final long MAX_LOOK_INTERVAL_MILLIS = 16_000;

  private static final long CLOSE_WAIT_MILLIS = 10_000;

  private final Map<String, Queue> queues = new HashMap<>();
  private final QueuesDao dao;
  private final WorkflowStarts starts;
  private final RunningWorkflows running;
  private final FunctionRegistry registry;
  private final TimeSource time;
  private final Thread thread;

  // Signals from other threads.
  private final Set<QueuePartition> ready = ConcurrentHashMap.newKeySet();
  private final Set<String> toLook = ConcurrentHashMap.newKeySet();
  private final AtomicLong nextDue = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastRoundAt = new AtomicLong(Long.MIN_VALUE);
  private volatile boolean lookAtAll = true;
  private volatile boolean woken;
  private volatile boolean closed;

  // The dispatcher thread's own state.
  private final Map<QueuePartition, Long> rateLimitedUntil = new HashMap<>();
  private long lookIntervalMillis = LOOK_INTERVAL_MILLIS;
  private long nextLookAt;

  /**
   * @param registry the registered queues, and the workflows that dequeued rows name
   */
  public QueueDispatcher(
      FunctionRegistry registry,
      QueuesDao dao,
      WorkflowStarts starts,
      RunningWorkflows running,
      TimeSource time) {
    for (Queue q : registry.queues().all()) {
      queues.put(q.name(), q);
    }
    this.registry = registry;
    this.dao = dao;
    this.starts = starts;
    this.running = running;
    this.time = time;
    this.thread = new Thread(this::dispatchUntilClosed, "dbos4j-queue-dispatcher");
    thread.setDaemon(true);
  }

  /** Starts dispatching; the first round looks at every queue, for work left from before. */
  public void start() {
    running.onQueueSlotFreed(this::slotFreed);
    thread.start();
  }

  /**
   * A workflow was enqueued in this process on {@code partition}, ENQUEUED, or DELAYED until {@code
   * dueAt}.
   */
  void enqueued(QueuePartition partition, @Nullable Long dueAt) {
    if (dueAt != null) {
      lowerNextDue(dueAt);
    } else {
      ready.add(partition);
    }
    wake();
  }

  /** A notification on the queue channel, from any process. */
  @Override
  public void notified(String payload) {
    QueueNotice notice = QueueNotice.parse(payload);
    Queue queue = notice == null ? null : queues.get(notice.queueName());
    if (queue == null) {
      return; // not a queue of this process
    }
    if (notice.dueAt() != null) {
      lowerNextDue(notice.dueAt());
    } else if (queue.partitioned()) {
      toLook.add(queue.name()); // which partition has work is for the look to find
    } else {
      ready.add(new QueuePartition(queue.name(), null));
    }
    wake();
  }

  /** Notifications may have been lost (the listening connection broke): look at every queue. */
  @Override
  public void mayHaveMissed() {
    lookAtAll = true;
    wake();
  }

  /** A queued workflow's execution ended here: a queue with a limit may take another. */
  private void slotFreed(QueuePartition partition) {
    Queue q = queues.get(partition.queueName());
    if (q != null && (q.concurrency() != null || q.workerConcurrency() != null)) {
      ready.add(partition);
      wake();
    }
  }

  private void lowerNextDue(long dueAt) {
    nextDue.accumulateAndGet(dueAt, Math::min);
  }

  private void wake() {
    woken = true;
    LockSupport.unpark(thread);
  }

  private void dispatchUntilClosed() {
    while (!closed) {
      woken = false;
      long now = time.millis();
      try {
        dispatch(now);
      } catch (RuntimeException e) {
        if (closed) {
          return; // interrupted by close()
        }
        // A failed look or dequeue is found again by a later look: back off, never spin.
        log.warn("queue dispatch failed: {}; looking again later", e.getMessage());
        lookIntervalMillis = Math.min(MAX_LOOK_INTERVAL_MILLIS, lookIntervalMillis * 2);
        nextLookAt = now + jittered(lookIntervalMillis);
      }
      lastRoundAt.set(now);
      try {
        time.awaitUntil(() -> woken || closed, nextWakeAt(), null, this);
      } catch (DBOSException interrupted) {
        return;
      }
    }
  }

  /**
   * One round at {@code now}: what is due, what a look finds, then a dequeue of every partition
   * said ready.
   */
  private void dispatch(long now) {
    Set<String> look = drain(toLook);
    if (lookAtAll || now >= nextLookAt) {
      lookAtAll = false;
      look = queues.keySet();
      nextLookAt = now + jittered(lookIntervalMillis);
    }
    long due = nextDue.get();
    if (due <= now && nextDue.compareAndSet(due, Long.MAX_VALUE)) {
      for (QueuePartition p : dao.promoteDue(queues.keySet(), now)) {
        markReady(p);
      }
      look = queues.keySet(); // for the next due times
    }
    if (!look.isEmpty()) {
      for (QueueBacklog b : dao.look(look)) {
        if (b.enqueued()) {
          markReady(b.partition());
        } else if (b.earliestDue() != null) {
          lowerNextDue(b.earliestDue());
        }
      }
    }
    for (Iterator<Map.Entry<QueuePartition, Long>> it = rateLimitedUntil.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<QueuePartition, Long> limited = it.next();
      if (limited.getValue() <= now) {
        it.remove();
        ready.add(limited.getKey());
      }
    }
    boolean contended = false;
    for (QueuePartition p : drain(ready)) {
      if (!rateLimitedUntil.containsKey(p)) {
        contended |= dequeue(p, now);
      }
    }
    lookIntervalMillis =
        contended
            ? Math.min(MAX_LOOK_INTERVAL_MILLIS, lookIntervalMillis * 2)
            : Math.max(LOOK_INTERVAL_MILLIS, lookIntervalMillis / 2);
  }

  /** Marks a partition the database holds work in as ready, as its queue counts it. */
  private void markReady(QueuePartition p) {
    Queue q = queues.get(p.queueName());
    if (q != null) {
      ready.add(q.partitioned() ? p : new QueuePartition(q.name(), null));
    }
  }

  /**
   * Dequeues what the limits allow of {@code p} and starts it.
   *
   * @return whether the dequeue had to wait for another process's
   */
  private boolean dequeue(QueuePartition p, long now) {
    Queue q = queues.get(p.queueName());
    if (q == null) {
      return false;
    }
    int room =
        q.workerConcurrency() == null
            ? MAX_BATCH
            : Math.min(MAX_BATCH, q.workerConcurrency() - running.runningOn(p));
    if (room <= 0) {
      return false; // an execution of it ending here wakes the dispatcher
    }
    Dequeued d =
        dao.dequeue(
            new DequeueRequest(
                q.name(),
                q.partitioned(),
                p.partitionKey(),
                q.concurrency(),
                q.rateLimit(),
                q.rateLimitPeriod() == null ? 0 : q.rateLimitPeriod().toMillis(),
                room,
                now));
    for (WorkflowRow row : d.rows()) {
      start(row);
    }
    int taken = d.rows().size();
    if (taken == MAX_BATCH) {
      ready.add(p); // a full batch: more may wait, for the next round at once
      woken = true;
    }
    Dequeued.Counts before = d.before();
    if (q.rateLimit() != null
        && before != null
        && before.startedInWindow() + taken >= q.rateLimit()) {
      // The window has room again once its oldest start has left it.
      long oldest = before.oldestStartInWindow() == null ? now : before.oldestStartInWindow();
      rateLimitedUntil.put(p, oldest + q.rateLimitPeriod().toMillis());
    }
    return d.waitedForLock();
  }

  private void start(WorkflowRow row) {
    RegisteredWorkflow wf = registry.workflow(row.name(), row.instanceName());
    if (wf == null) {
      log.error(
          "workflow {} was dequeued from queue {}, but no workflow '{}' (instance '{}') is"
              + " registered here; it stays PENDING",
          row.workflowId(),
          row.queueName(),
          row.name(),
          row.instanceName());
      return;
    }
    try {
      starts.startDequeued(wf, row);
    } catch (RuntimeException e) {
      log.warn(
          "workflow {} was dequeued but cannot start now ({}); it stays PENDING and is recovered",
          row.workflowId(),
          e.getMessage());
    }
  }

  /**
   * The time (on the runtime's time source) of the last round the dispatcher finished: a test that
   * moves its clock to {@code t} knows the dispatcher has acted on {@code t} once this is {@code t}
   * or later.
   */
  public long lastRoundAt() {
    return lastRoundAt.get();
  }

  private long nextWakeAt() {
    long at = Math.min(nextLookAt, nextDue.get());
    for (long until : rateLimitedUntil.values()) {
      at = Math.min(at, until);
    }
    return at;
  }

  /** {@code millis} give or take a quarter, so that processes started together look apart. */
  private static long jittered(long millis) {
    return millis * 3 / 4 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
  }

  private static <T> Set<T> drain(Set<T> signals) {
    if (signals.isEmpty()) {
      return Set.of();
    }
    List<T> taken = new ArrayList<>(signals);
    taken.forEach(signals::remove);
    return Set.copyOf(taken);
  }

  /**
   * Stops dispatching; workflows already started run on. A dequeue waiting for the database (an
   * outage) is interrupted: what it took, if anything, stays PENDING for the next launch.
   */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "the queue dispatcher";
  }
}
