package org.dbos4j.internal.sysdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.dbos4j.internal.db.Statements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the writes of the system database, grouping concurrent writes of different workflows into
 * one transaction: one commit (one WAL flush, one round trip) for all of them, and one pooled
 * connection instead of one each.
 *
 * <p>A write that finds no other write in flight runs alone, at once, on the calling thread, in
 * auto-commit mode: a lone checkpoint stays one round trip and pays no hand-off. A write that
 * arrives while others are in flight is queued; flusher threads take everything queued (up to
 * {@link #MAX_BATCH}), run it in one transaction and commit, and only then complete each caller
 * with its own result, so every caller still returns only once its write is durable. Under load the
 * batches grow by themselves: the longer a commit takes, the more writes queue behind it.
 *
 * <p>If anything in a shared transaction fails (a conflict, a deadlock between two batches), the
 * transaction is rolled back and each of its writes runs again alone, so a write fails only for its
 * own reason and no write is half-applied. That is why a {@link SqlWork} must keep no state between
 * runs. If the database cannot be reached, though, every write of the batch fails at once: running
 * them one by one would only make the flusher wait for the server once per write, while each
 * caller's {@link OutageRetry} waits for it with a pause that grows.
 *
 * <p>{@code writers} bounds how many connections write at once, the lone writes included: a
 * database with a single writer (SQLite) sets it to 1, so concurrent workflows never contend for
 * its lock.
 */
final class GroupCommit implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  /** The most writes one transaction takes; bounds the time a batch holds its row locks. */
  static final int MAX_BATCH = 512;

  private static final long CLOSE_WAIT_SECONDS = 10;

  private final DataSource pool;
  private final Predicate<Connection> transactionFailed;
  private final Semaphore writers;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong taken = new AtomicLong();
  private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final List<Thread> flushers = new ArrayList<>();
  private volatile boolean closed;

  /**
   * @param transactionFailed tells whether a statement of the open transaction has failed: a write
   *     may catch its statement's exception, and then the commit would silently roll back
   * @param writers connections that may write at once
   * @param flusherCount threads that run shared transactions, at most {@code writers}
   */
  GroupCommit(
      DataSource pool, Predicate<Connection> transactionFailed, int writers, int flusherCount) {
    this.pool = pool;
    this.transactionFailed = transactionFailed;
    this.writers = new Semaphore(writers);
    for (int i = 0; i < Math.min(writers, flusherCount); i++) {
      Thread t = new Thread(this::flushUntilClosed, "dbos4j-group-commit-" + i);
      t.setDaemon(true);
      flushers.add(t);
      t.start();
    }
  }

  /** Runs {@code work} and returns once it is committed (its own commit or a shared one). */
  <R> R execute(SqlWork<R> work) throws SQLException {
    int ahead = inFlight.getAndIncrement();
    try {
      if (closed) {
        return runAlone(work);
      }
      if (ahead == 0 && writers.tryAcquire()) {
        return runAloneHoldingPermit(work);
      }
      Pending<R> pending = new Pending<>(work);
      queue.add(pending);
      if (closed && queue.remove(pending)) {
        // The flushers may have stopped before they saw it.
        return runAlone(work);
      }
      return pending.await();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /**
   * Runs {@code work} alone on a connection of its own as soon as a writer is free, without joining
   * the writes queued for the next shared transaction: for a write one thread waits on before it
   * can go on with others' work (a queue's dequeue), which should not wait for the flusher's
   * current commit and then its own. Where one writer is all there is (SQLite), it queues like any
   * write.
   */
  <R> R executeAtOnce(SqlWork<R> work) throws SQLException {
    if (!closed && writers.tryAcquire()) {
      inFlight.incrementAndGet();
      try {
        return runAloneHoldingPermit(work);
      } finally {
        inFlight.decrementAndGet();
      }
    }
    return execute(work);
  }

  /** How many writes wait for a flusher; for tests that must line writes up into one batch. */
  int queuedWrites() {
    return queue.size();
  }

  /** How many queued writes flushers have taken so far; for tests. */
  long takenWrites() {
    return taken.get();
  }

  /** How many flusher threads there are; for tests that must keep them all busy. */
  int flusherCount() {
    return flushers.size();
  }

  private <R> R runAloneHoldingPermit(SqlWork<R> work) throws SQLException {
    try {
      return runAlone(work);
    } finally {
      writers.release();
    }
  }

  private <R> R runAlone(SqlWork<R> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    }
  }

  private void flushUntilClosed() {
    List<Pending<?>> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
      } catch (InterruptedException e) {
        // Nothing but close() may stop a flusher, and it does so by setting closed: queued
        // writes have callers waiting for them.
        continue;
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      taken.addAndGet(batch.size());
      writers.acquireUninterruptibly();
      try {
        flush(batch);
      } finally {
        writers.release();
        batch.clear();
      }
    }
  }

  private void flush(List<Pending<?>> batch) {
    if (batch.size() == 1) {
      batch.get(0).runAlone(this);
      return;
    }
    Object[] results = new Object[batch.size()];
    boolean committed = false;
    try (Connection c = pool.getConnection()) {
      if (runShared(c, batch, results)) {
        // Past this point the writes may be durable, so none of them may run again: a commit
        // that fails fails them all, as it would fail a write running alone.
        try {
          c.commit();
          committed = true;
        } catch (SQLException e) {
          batch.forEach(p -> p.fail(e));
          return;
        }
        c.setAutoCommit(true);
      }
    } catch (SQLException | RuntimeException e) {
      if (OutageRetry.isOutage(e)) {
        batch.forEach(p -> p.fail(e));
        return;
      }
      log.debug("shared transaction of {} writes: connection failed", batch.size(), e);
    } catch (Error e) {
      batch.forEach(p -> p.fail(e));
      throw e;
    }
    if (committed) {
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).completeWith(results[i]);
      }
    } else {
      batch.forEach(p -> p.runAlone(this));
    }
  }

  /**
   * Runs every write of the batch in one transaction on {@code c}, leaving it open for the commit;
   * false if a write failed and the transaction was rolled back.
   */
  private boolean runShared(Connection c, List<Pending<?>> batch, Object[] results)
      throws SQLException {
    c.setAutoCommit(false);
    try {
      runInOrder(c, batch, results);
      if (!transactionFailed.test(c)) {
        return true;
      }
      log.debug("a write of a shared transaction of {} failed quietly", batch.size());
    } catch (SQLException | RuntimeException e) {
      if (OutageRetry.isOutage(e)) {
        throw e; // the connection is gone, and so is its transaction
      }
      log.debug("shared transaction of {} writes failed; running them one by one", batch.size(), e);
    }
    rollbackQuietly(c);
    c.setAutoCommit(true);
    return false;
  }

  /**
   * Runs the writes of the batch in order, except that the {@link BatchableUpdate}s sharing a
   * statement all run where the first of them stands, as one JDBC batch: one round trip for all.
   */
  private static void runInOrder(Connection c, List<Pending<?>> batch, Object[] results)
      throws SQLException {
    Map<String, List<Integer>> byStatement = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      if (batch.get(i).work instanceof BatchableUpdate<?> update) {
        byStatement.computeIfAbsent(update.sql(), k -> new ArrayList<>()).add(i);
      }
    }
    for (int i = 0; i < batch.size(); i++) {
      if (!(batch.get(i).work instanceof BatchableUpdate<?> update)) {
        results[i] = batch.get(i).work.run(c);
        continue;
      }
      List<Integer> same = byStatement.remove(update.sql());
      if (same == null) {
        continue; // ran with the first write of its statement
      }
      try (PreparedStatement ps = c.prepareStatement(update.sql())) {
        for (int k : same) {
          Statements.bind(ps, 1, ((BatchableUpdate<?>) batch.get(k).work).args());
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        for (int j = 0; j < same.size(); j++) {
          int k = same.get(j);
          results[k] = ((BatchableUpdate<?>) batch.get(k).work).result().of(counts[j]);
        }
      }
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      log.debug("rollback of a failed shared transaction failed too", e);
    }
  }

  /** Stops the flushers once every queued write has run; later writes run alone. */
  @Override
  public void close() {
    closed = true;
    for (Thread t : flushers) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    Pending<?> left;
    while ((left = queue.poll()) != null) {
      left.runAlone(this);
    }
  }

  /** A queued write and the future its caller waits on. */
  private static final class Pending<R> {
    final SqlWork<R> work;
    private final CompletableFuture<R> outcome = new CompletableFuture<>();

    Pending(SqlWork<R> work) {
      this.work = work;
    }

    @SuppressWarnings("unchecked")
    void completeWith(Object result) {
      outcome.complete((R) result);
    }

    void fail(Throwable t) {
      outcome.completeExceptionally(t);
    }

    void runAlone(GroupCommit owner) {
      try {
        outcome.complete(owner.runAlone(work));
      } catch (SQLException | RuntimeException e) {
        outcome.completeExceptionally(e);
      } catch (Error e) {
        outcome.completeExceptionally(e);
        throw e;
      }
    }

    /**
     * Waits for the write, ignoring interrupts: once queued it may commit at any moment, so the
     * caller must learn how it ended. An interrupt is kept for the caller to see afterwards.
     */
    R await() throws SQLException {
      try {
        return outcome.join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof SQLException sql) {
          throw sql;
        }
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (cause instanceof Error error) {
          throw error;
        }
        throw e;
      }
    }
  }
}
