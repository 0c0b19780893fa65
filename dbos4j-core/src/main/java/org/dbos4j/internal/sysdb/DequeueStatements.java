package org.dbos4j.internal.sysdb;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.dbos4j.internal.db.Engine;
import org.dbos4j.internal.db.Statements;
import org.jspecify.annotations.Nullable;

/**
 * The dequeue of one queue partition: sets up to the allowed number of its ENQUEUED workflows
 * PENDING for this process, oldest first within a priority, and returns their rows as they now
 * stand (everything their execution needs, so that no workflow is read again before it runs).
 *
 * <p>A queue without global limits needs no coordination: each dequeue takes distinct rows (FOR NO
 * KEY UPDATE SKIP LOCKED on PostgreSQL), so it is one {@code UPDATE ... RETURNING}, one round trip,
 * in auto-commit mode. A queue with a global concurrency or rate limit must count what all
 * processes run and take rows in the same transaction, with the dequeues of other processes waiting
 * their turn (a transaction-scoped advisory lock on a hash of the queue and partition; on SQLite
 * the IMMEDIATE transaction holds the file). On PostgreSQL that is one round trip too: the lock
 * query, then one statement whose common table expressions count (with a snapshot taken after the
 * lock) and whose data-modifying one takes as many rows as the counts leave room for, then {@code
 * COMMIT}, sent as one string. On SQLite the count and the update run one after another in the
 * transaction, which costs no round trips. Either way a dequeue is one round trip for all the
 * workflows it takes.
 *
 * <p>A row another writer holds at that moment is skipped, not waited for; the one writer that
 * holds ENQUEUED rows, a waiter's mark ({@link WorkflowStatusDao#markAwaited}), wakes the
 * dispatchers once it lets go.
 */
final class DequeueStatements {
  /* How the rows of the partition are selected. */
  enum PartitionFilter {
    ALL(""),
    KEY(" AND queue_partition_key = ?"),
    NO_KEY(" AND queue_partition_key IS NULL");

    final String sql;

    PartitionFilter(String sql) {
      this.sql = sql;
    }

    static PartitionFilter of(DequeueRequest r) {
      return !r.partitioned() ? ALL : r.partitionKey() == null ? NO_KEY : KEY;
    }
  }

  /*
   * What the queue holds before the dequeue: its PENDING workflows (concurrency), and those started
   * within the rate limit's window ending now (a window start past every start counts none).
   */
  private static final String COUNTS =
      """
      WITH running AS (
        SELECT count(*) AS n FROM dbos.workflow_status
        WHERE status = 'PENDING' AND queue_name = ?%1$s),
      recent AS (
        SELECT count(*) AS n, min(started_at_epoch_ms) AS oldest FROM dbos.workflow_status
        WHERE queue_name = ?%1$s AND started_at_epoch_ms > ?)""";

  /*
   * The rows to take, oldest first within a priority; rows recorded by another application version
   * are left to a process of that version.
   */
  private static final String CHOSEN =
      """
      SELECT workflow_uuid FROM dbos.workflow_status
        WHERE status = 'ENQUEUED' AND queue_name = ?%1$s
          AND (application_version IS NULL OR application_version = ?)
        ORDER BY priority, created_at, queue_seq
        LIMIT %2$s%3$s""";

  /*
   * The dequeue of the chosen rows. A deadline is the dequeue time plus the recorded timeout (null
   * without one). The chosen rows are locked: they are still ENQUEUED.
   */
  private static final String TAKE =
      """
      UPDATE dbos.workflow_status
      SET status = 'PENDING', executor_id = ?, process_id = ?, application_version = ?,
        started_at_epoch_ms = ?,
        updated_at = ?, recovery_attempts = recovery_attempts + 1,
        workflow_deadline_epoch_ms = ? + workflow_timeout_ms
      WHERE %s
      RETURNING\s"""
          + WorkflowStatusDao.COLUMNS;

  /* As many rows as asked for, as far as the counted limits leave room. */
  private static final String ROOM_LEFT =
      "%s(0, %s(?, ? - (SELECT n FROM running), ? - (SELECT n FROM recent)))";

  private static final String COUNTED = "SELECT running.n, recent.n, recent.oldest";

  private final Engine engine;
  private final String executorId;
  private final String processId;
  private final String appVersion;
  private final PartitionFilter filter;
  /* The dequeue of a queue without global limits. */
  private final String take;
  /* With global limits: the counts alone, and the dequeue that counts for its limit. */
  private final String counts;
  private final String countedTake;
  /* With global limits on PostgreSQL: the lock, then both in one statement; else null. */
  private final @Nullable String fused;

  DequeueStatements(
      Engine engine,
      String executorId,
      String processId,
      String appVersion,
      PartitionFilter filter) {
    this.engine = engine;
    this.executorId = executorId;
    this.processId = processId;
    this.appVersion = appVersion;
    this.filter = filter;
    String skipLocked = engine.lockForUpdateSkipLocked();
    String countsCte = COUNTS.formatted(filter.sql);
    String takeCounted =
        take(
            engine,
            CHOSEN.formatted(
                filter.sql, ROOM_LEFT.formatted(engine.greatest(), engine.least()), skipLocked));
    this.take = take(engine, CHOSEN.formatted(filter.sql, "?", skipLocked));
    this.counts = countsCte + "\n" + COUNTED + " FROM running CROSS JOIN recent";
    this.countedTake = countsCte + "\n" + takeCounted;
    if (engine.fusesWrites()) {
      String lock = engine.exclusiveLockQuery();
      this.fused =
          (lock == null ? "" : lock + ";\n")
              + countsCte
              + ",\ntaken AS (\n"
              + takeCounted
              + ")\n"
              + COUNTED
              + ", taken.* FROM running CROSS JOIN recent LEFT JOIN taken ON TRUE";
    } else {
      this.fused = null;
    }
  }

  private static String take(Engine engine, String chosen) {
    return TAKE.formatted(engine.inSubquery("workflow_uuid", chosen));
  }

  /** Runs the dequeue {@code r} on {@code c}, in auto-commit mode or in a shared transaction. */
  Dequeued run(Connection c, DequeueRequest r) throws SQLException {
    if (!r.limitedGlobally()) {
      return new Dequeued(
          Statements.query(c, take, DequeueStatements::rows, takeArgs(r, List.of(r.maxRows()))),
          null,
          false);
    }
    if (fused != null) {
      return runFused(c, r, fused);
    }
    return WriteSequence.atomically(
        c,
        () -> {
          Dequeued.Counts before =
              Statements.query(c, counts, DequeueStatements::counts, countArgs(r));
          List<WorkflowRow> rows =
              Statements.query(c, countedTake, DequeueStatements::rows, countedTakeArgs(r));
          return new Dequeued(rows, before, false);
        });
  }

  /**
   * The lock, the counted dequeue and, when the transaction is the dequeue's own, its COMMIT: one
   * string, one round trip. In a shared transaction the lock is held until its commit.
   */
  private Dequeued runFused(Connection c, DequeueRequest r, String fused) throws SQLException {
    boolean own = c.getAutoCommit();
    String sql = own && engine.commitsInStatement() ? fused + ";\nCOMMIT" : fused;
    if (own) {
      c.setAutoCommit(false);
    }
    try {
      Dequeued dequeued;
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int next = 1;
        if (engine.exclusiveLockQuery() != null) {
          long key = lockKey(r);
          next = Statements.bind(ps, next, key, key);
        }
        Statements.bind(ps, next, countedTakeArgs(r));
        ps.execute();
        boolean waited = false;
        if (engine.exclusiveLockQuery() != null) {
          try (ResultSet rs = ps.getResultSet()) {
            waited = rs.next() && rs.getBoolean(1);
          }
          ps.getMoreResults();
        }
        try (ResultSet rs = ps.getResultSet()) {
          dequeued = countedRows(rs, waited);
        }
      }
      if (own && !engine.commitsInStatement()) {
        c.commit();
      }
      if (own) {
        c.setAutoCommit(true); // sends nothing: the string committed
      }
      return dequeued;
    } catch (SQLException | RuntimeException e) {
      if (own) {
        try {
          c.rollback();
          c.setAutoCommit(true);
        } catch (SQLException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      throw e;
    }
  }

  /** The fused statement's rows: the counts in every row, then a taken row's columns, if any. */
  private static Dequeued countedRows(ResultSet rs, boolean waited) throws SQLException {
    Dequeued.Counts before = null;
    List<WorkflowRow> rows = new ArrayList<>();
    while (rs.next()) {
      if (before == null) {
        before = countsOf(rs);
      }
      if (rs.getString(4) != null) {
        rows.add(WorkflowStatusDao.readRow(rs, 4));
      }
    }
    if (before == null) {
      throw new SQLException("the dequeue returned no counts");
    }
    return new Dequeued(rows, before, waited);
  }

  private static Dequeued.Counts counts(ResultSet rs) throws SQLException {
    if (!rs.next()) {
      throw new SQLException("the counts of a dequeue returned no row");
    }
    return countsOf(rs);
  }

  private static Dequeued.Counts countsOf(ResultSet rs) throws SQLException {
    long oldest = rs.getLong(3);
    return new Dequeued.Counts(rs.getLong(1), rs.getLong(2), rs.wasNull() ? null : oldest);
  }

  private static List<WorkflowRow> rows(ResultSet rs) throws SQLException {
    List<WorkflowRow> rows = new ArrayList<>();
    while (rs.next()) {
      rows.add(WorkflowStatusDao.readRow(rs, 1));
    }
    return rows;
  }

  private Object[] countArgs(DequeueRequest r) {
    List<Object> args = new ArrayList<>();
    args.add(r.queueName());
    addPartition(args, r);
    args.add(r.queueName());
    addPartition(args, r);
    args.add(r.rateLimit() == null ? Long.MAX_VALUE : r.now() - r.ratePeriodMillis());
    return args.toArray();
  }

  private Object[] countedTakeArgs(DequeueRequest r) {
    Object[] counted = countArgs(r);
    Object[] taking =
        takeArgs(
            r,
            List.of(
                r.maxRows(),
                r.concurrency() == null ? Integer.MAX_VALUE : r.concurrency(),
                r.rateLimit() == null ? Integer.MAX_VALUE : r.rateLimit()));
    return WriteSequence.concat(counted, taking);
  }

  /** The arguments of {@link #TAKE}, then of its {@link #CHOSEN} with {@code limit}. */
  private Object[] takeArgs(DequeueRequest r, List<Object> limit) {
    List<Object> args = new ArrayList<>();
    args.add(executorId);
    args.add(processId);
    args.add(appVersion);
    args.add(r.now());
    args.add(r.now());
    args.add(r.now());
    args.add(r.queueName());
    addPartition(args, r);
    args.add(appVersion);
    args.addAll(limit);
    return args.toArray();
  }

  private void addPartition(List<Object> args, DequeueRequest r) {
    if (filter == PartitionFilter.KEY) {
      args.add(r.partitionKey());
    }
  }

  /** The advisory lock of a queue partition: a stable 64-bit hash of its queue and key. */
  private static long lockKey(DequeueRequest r) {
    String name = "dbos4j queue " + r.queueName() + "\u0000" + partitionKeyOrEmpty(r);
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
  }

  private static String partitionKeyOrEmpty(DequeueRequest r) {
    @Nullable String key = r.partitionKey();
    return key == null ? "" : key;
  }
}
