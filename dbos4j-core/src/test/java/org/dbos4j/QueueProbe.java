package org.dbos4j;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Workflows that show what a queue's dispatcher did, counted from inside them with real threads:
 * how many ran at once (in all, and per partition key), the most that ever did, and in which order
 * they started. Each holds its slot until the test lets it finish ({@link #finish}), unless the
 * probe was made {@link #freeRunning()}.
 */
final class QueueProbe implements Holding {
  private final Semaphore finishes;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();
  private final Map<String, AtomicInteger> runningByKey = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> maxByKey = new ConcurrentHashMap<>();
  private final List<String> started = new CopyOnWriteArrayList<>();
  private final AtomicInteger finished = new AtomicInteger();

  private QueueProbe(int finishes) {
    this.finishes = new Semaphore(finishes);
  }

  /** Workflows that hold their slot until {@link #finish} lets them go. */
  static QueueProbe holding() {
    return new QueueProbe(0);
  }

  /** Workflows that finish at once. */
  static QueueProbe freeRunning() {
    return new QueueProbe(Integer.MAX_VALUE / 2);
  }

  @Workflow
  @Override
  public String hold(String id, String key) {
    started.add(id);
    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    AtomicInteger ofKey = runningByKey.computeIfAbsent(key, k -> new AtomicInteger());
    maxByKey
        .computeIfAbsent(key, k -> new AtomicInteger())
        .accumulateAndGet(ofKey.incrementAndGet(), Math::max);
    try {
      if (!finishes.tryAcquire(Gate.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("workflow " + id + " was never let finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while holding (DBOS is shutting down)", e);
    } finally {
      ofKey.decrementAndGet();
      running.decrementAndGet();
    }
    finished.incrementAndGet();
    return id;
  }

  /** Lets {@code n} holding workflows (or the next ones to hold) finish. */
  void finish(int n) {
    finishes.release(n);
  }

  int running() {
    return running.get();
  }

  int runningWith(String key) {
    AtomicInteger n = runningByKey.get(key);
    return n == null ? 0 : n.get();
  }

  int maxRunning() {
    return maxRunning.get();
  }

  int maxRunningWith(String key) {
    AtomicInteger n = maxByKey.get(key);
    return n == null ? 0 : n.get();
  }

  /** The IDs of the workflows that started, in order. */
  List<String> started() {
    return List.copyOf(started);
  }

  int finished() {
    return finished.get();
  }
}
