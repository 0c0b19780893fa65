package org.dbos4j.internal.sysdb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.dbos4j.DBOSException;
import org.dbos4j.internal.db.Engine;
import org.dbos4j.internal.db.NullOf;
import org.dbos4j.internal.db.Statements;
import org.jspecify.annotations.Nullable;

/**
 * The {@code workflow_status} table. Every method is one statement: one database round trip when it
 * runs alone, a share of one when its write is grouped with others (see {@link GroupCommit}).
 */
public final class WorkflowStatusDao {
  /** The columns {@link #readRow} reads, in its order. */
  static final String COLUMNS =
      """
      workflow_uuid, status, name, class_name, config_name, inputs, output, error, executor_id,
      application_version, queue_name, authenticated_user, assumed_role, authenticated_roles,
      request, trace_context, process_id, recovery_attempts, created_at, updated_at,
      parent_workflow_id, forked_from, priority, deduplication_id, queue_partition_key,
      workflow_timeout_ms, workflow_deadline_epoch_ms, started_at_epoch_ms, completed_at""";

  private static final String NEW_ROW_COLUMNS =
      "workflow_uuid, status, "
          + NewWorkflow.DESCRIBING_COLUMNS
          + """
          , process_id, serialization, created_at, updated_at, started_at_epoch_ms,
          recovery_attempts, workflow_timeout_ms, workflow_deadline_epoch_ms""";
  private static final String NEW_ROW_VALUES =
      "VALUES (?, 'PENDING', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'dbos4j-json', ?, ?, ?, 1, ?, ?)";

  /*
   * Starting a new workflow: a plain INSERT, the cheapest write (an upsert costs a speculative
   * insertion on every call). When the ID exists, the INSERT fails on the primary key and the
   * start is retried as RESTART, so only re-starts pay a second round trip.
   */
  private static final String INSERT =
      "INSERT INTO dbos.workflow_status (" + NEW_ROW_COLUMNS + ") " + NEW_ROW_VALUES;

  /* Whose process is gone: none recorded, or one without a lease in dbos4j_processes. */
  private static final String PROCESS_GONE =
      """
      (ws.process_id IS NULL OR NOT EXISTS
        (SELECT 1 FROM dbos.dbos4j_processes p WHERE p.process_id = ws.process_id))""";

  /* A PENDING row of the same function that this process may run (see RESTART). */
  private static final String TAKEABLE =
      "ws.status = 'PENDING' AND ws.name = EXCLUDED.name"
          + " AND (ws.process_id = EXCLUDED.process_id OR "
          + PROCESS_GONE
          + ")";

  /*
   * Starting a workflow that may exist: insert its row, or, if the ID exists, take over a PENDING
   * row of the same function whose process is gone (none recorded, this one, or one without a lease
   * in dbos4j_processes): count one more execution and record this process and executor. A row
   * that another live process runs is returned unchanged, and so is a finished one. The first
   * column tells an inserted row from an updated one (see Engine.insertedNotUpdated).
   */
  private static final String RESTART =
      """
      INSERT INTO dbos.workflow_status AS ws (%s)
      %s
      ON CONFLICT (workflow_uuid) DO UPDATE SET
        recovery_attempts = ws.recovery_attempts + CASE WHEN %s THEN 1 ELSE 0 END,
        executor_id = CASE WHEN %s THEN EXCLUDED.executor_id ELSE ws.executor_id END,
        process_id = CASE WHEN %s THEN EXCLUDED.process_id ELSE ws.process_id END
      RETURNING %%s AS created, %s"""
          .formatted(NEW_ROW_COLUMNS, NEW_ROW_VALUES, TAKEABLE, TAKEABLE, TAKEABLE, COLUMNS);

  /* A child workflow's start comes with its parent's checkpoint of the child's ID. */
  static final String PARENT_STEP =
      """
      INSERT INTO dbos.operation_outputs (workflow_uuid, function_id, function_name,
        child_workflow_id, started_at_epoch_ms, completed_at_epoch_ms, serialization)
      VALUES (?, ?, ?, ?, ?, ?, 'dbos4j-json')
      ON CONFLICT DO NOTHING""";

  /* A finished workflow frees its deduplication ID on its queue, in the same statement. */
  private static final String COMPLETE =
      """
      UPDATE dbos.workflow_status
      SET status = ?, output = ?, error = ?, updated_at = ?, completed_at = ?,
        deduplication_id = NULL
      WHERE workflow_uuid = ? AND status = 'PENDING'""";

  private static final String SELECT_ONE =
      "SELECT " + COLUMNS + " FROM dbos.workflow_status WHERE workflow_uuid = ?";

  /*
   * Claims the PENDING workflows of an executor and version whose process is gone, for this
   * process. Two processes claiming at once each get a row or none: the second's UPDATE waits for
   * the first's row lock, then finds the row's process alive.
   */
  private static final String CLAIM_PENDING =
      "UPDATE dbos.workflow_status AS ws SET process_id = ?, updated_at = ?"
          + " WHERE ws.status = 'PENDING' AND ws.executor_id = ? AND ws.application_version = ?"
          + " AND "
          + PROCESS_GONE
          + " RETURNING "
          + COLUMNS;

  private static final String FINISHED_AMONG =
      """
      SELECT workflow_uuid FROM dbos.workflow_status
      WHERE %s
        AND status IN ('SUCCESS', 'ERROR', 'CANCELLED', 'MAX_RECOVERY_ATTEMPTS_EXCEEDED')""";

  /*
   * A process about to wait for a workflow's outcome marks the row, so that the row's completion
   * sends a NOTIFY (the trigger fires only for awaited rows: workflows nobody waits for in another
   * process complete without one). Returns the row, to check whether it has finished already.
   */
  private static final String MARK_AWAITED =
      "UPDATE dbos.workflow_status SET awaited = TRUE WHERE workflow_uuid = ? RETURNING " + COLUMNS;

  private final SystemDatabase db;
  private final Engine engine;
  private final String restart;
  private final WriteSequence insertChild;
  private final WriteSequence restartChild;

  public WorkflowStatusDao(SystemDatabase db) {
    this.db = db;
    this.engine = db.engine();
    this.restart = RESTART.formatted(engine.insertedNotUpdated());
    this.insertChild = new WriteSequence(PARENT_STEP, INSERT);
    this.restartChild = new WriteSequence(PARENT_STEP, restart);
  }

  /**
   * Records the start of a workflow: 1 round trip for a new ID, 2 when the ID exists (then the row
   * as recorded is returned, with one more execution counted if it is PENDING).
   */
  public StartedWorkflow start(NewWorkflow w) {
    return start(w, null, 0);
  }

  /**
   * Records the start of a child workflow together with its parent's checkpoint of the child's ID
   * at {@code functionId}: 1 round trip for a new ID, 2 when the ID exists.
   */
  public StartedWorkflow startChild(NewWorkflow w, String parentId, int functionId) {
    return start(w, parentId, functionId);
  }

  /**
   * Records one more execution of a workflow known to exist, such as a recovered one (1 round
   * trip).
   */
  public StartedWorkflow restart(NewWorkflow w) {
    try {
      return db.write(c -> restart(c, w, null, 0));
    } catch (SQLException e) {
      throw failure("record the restart of workflow " + w.workflowId(), e);
    }
  }

  private StartedWorkflow start(NewWorkflow w, @Nullable String parentId, int functionId) {
    try {
      return db.write(startWrite(w, parentId, functionId));
    } catch (SQLException e) {
      throw failure("record the start of workflow " + w.workflowId(), e);
    }
  }

  /*
   * Grouped with other writes, a start is its INSERT alone: if the row exists, the INSERT fails
   * the shared transaction and GroupCommit runs the start again by itself, where a failed INSERT
   * falls back to the RESTART.
   */
  private SqlWork<StartedWorkflow> startWrite(
      NewWorkflow w, @Nullable String parentId, int functionId) {
    SqlWork<Integer> insert = insertWrite(w, parentId, functionId);
    SqlWork<StartedWorkflow> alone = c -> insertOrRestart(c, insert, w, parentId, functionId);
    if (insert instanceof BatchableUpdate<Integer> batchable) {
      return batchable.withResult(count -> new StartedWorkflow(true, newRow(w)), alone);
    }
    return alone;
  }

  private SqlWork<Integer> insertWrite(NewWorkflow w, @Nullable String parentId, int functionId) {
    return parentId == null
        ? BatchableUpdate.of(INSERT, newRowArgs(w))
        : insertChild.update(engine, parentStepArgs(w, parentId, functionId), newRowArgs(w));
  }

  private StartedWorkflow insertOrRestart(
      Connection c,
      SqlWork<Integer> insert,
      NewWorkflow w,
      @Nullable String parentId,
      int functionId)
      throws SQLException {
    try {
      insert.run(c);
      return new StartedWorkflow(true, newRow(w));
    } catch (SQLException e) {
      if (!engine.isPrimaryKeyViolation(e, "workflow_status")) {
        throw e;
      }
    }
    return restart(c, w, parentId, functionId);
  }

  private StartedWorkflow restart(
      Connection c, NewWorkflow w, @Nullable String parentId, int functionId) throws SQLException {
    Statements.ResultReader<StartedWorkflow> started =
        rs -> {
          if (!rs.next()) {
            throw new SQLException("INSERT ... RETURNING returned no row");
          }
          return new StartedWorkflow(rs.getBoolean(1), readRow(rs, 2));
        };
    if (parentId == null) {
      return Statements.query(c, restart, started, newRowArgs(w));
    }
    return restartChild.query(
        c, engine, started, parentStepArgs(w, parentId, functionId), newRowArgs(w));
  }

  /** The arguments of {@link #PARENT_STEP} for the child {@code w}. */
  static Object[] parentStepArgs(NewWorkflow w, String parentId, int functionId) {
    return new Object[] {parentId, functionId, w.name(), w.workflowId(), w.now(), w.now()};
  }

  private static Object[] newRowArgs(NewWorkflow w) {
    List<@Nullable Object> args = new ArrayList<>(20);
    args.add(w.workflowId());
    args.addAll(w.describingValues());
    args.addAll(
        Arrays.asList(
            w.processId(),
            w.now(),
            w.now(),
            w.now(),
            w.timeoutMillis() == null ? NullOf.BIGINT : w.timeoutMillis(),
            w.deadlineMillis() == null ? NullOf.BIGINT : w.deadlineMillis()));
    return args.toArray();
  }

  /** The row that a successful INSERT of {@code w} wrote. */
  private static WorkflowRow newRow(NewWorkflow w) {
    return new WorkflowRow(
        w.workflowId(),
        "PENDING",
        w.name(),
        w.className(),
        w.instanceName(),
        w.inputs(),
        null,
        null,
        w.executorId(),
        w.appVersion(),
        null,
        w.caller(),
        w.processId(),
        1,
        w.now(),
        w.now(),
        w.parentWorkflowId(),
        null,
        0,
        null,
        null,
        w.timeoutMillis(),
        w.deadlineMillis(),
        w.now(),
        null);
  }

  /**
   * Records a workflow's outcome if it is still PENDING (1 round trip).
   *
   * @return false if the workflow was no longer PENDING (cancelled, or finished elsewhere)
   */
  public boolean complete(
      String workflowId, String status, @Nullable String output, @Nullable String error, long now) {
    try {
      return db.write(BatchableUpdate.of(COMPLETE, status, output, error, now, now, workflowId))
          == 1;
    } catch (SQLException e) {
      throw failure("record the outcome of workflow " + workflowId, e);
    }
  }

  /** The workflow's row, or null if there is none (1 round trip). */
  public @Nullable WorkflowRow find(String workflowId) {
    try {
      return db.read(c -> oneRow(c, SELECT_ONE, workflowId));
    } catch (SQLException e) {
      throw failure("read workflow " + workflowId, e);
    }
  }

  /**
   * Claims for {@code processId} the PENDING workflows of an executor and application version whose
   * process is gone (its lease expired or given up), and returns them oldest first (1 round trip).
   * Each such workflow is claimed by one process only.
   */
  public List<WorkflowRow> claimPending(
      String processId, String executorId, String appVersion, long now) {
    try {
      List<WorkflowRow> rows =
          db.write(
              c ->
                  Statements.query(
                      c,
                      CLAIM_PENDING,
                      rs -> {
                        List<WorkflowRow> claimed = new ArrayList<>();
                        while (rs.next()) {
                          claimed.add(readRow(rs, 1));
                        }
                        return claimed;
                      },
                      processId,
                      now,
                      executorId,
                      appVersion));
      List<WorkflowRow> oldestFirst = new ArrayList<>(rows);
      oldestFirst.sort(Comparator.comparingLong(WorkflowRow::createdAt));
      return oldestFirst;
    } catch (SQLException e) {
      throw failure("claim the pending workflows of executor " + executorId, e);
    }
  }

  /**
   * Marks a workflow as awaited by another process, so that its completion is notified; returns its
   * row, or null if there is none yet (1 round trip).
   */
  public @Nullable WorkflowRow markAwaited(String workflowId) {
    try {
      return db.write(c -> oneRow(c, MARK_AWAITED, workflowId));
    } catch (SQLException e) {
      throw failure("mark workflow " + workflowId + " as awaited", e);
    }
  }

  /** Which of the given workflows have finished (1 round trip). */
  public List<String> finishedAmong(java.util.Collection<String> workflowIds) {
    return AwaitedKeysQuery.run(
        db, FINISHED_AMONG, "workflow_uuid", workflowIds, "finished workflows");
  }

  private static @Nullable WorkflowRow oneRow(Connection c, String sql, String workflowId)
      throws SQLException {
    return Statements.query(c, sql, rs -> rs.next() ? readRow(rs, 1) : null, workflowId);
  }

  /** The row whose {@link #COLUMNS} start at column {@code first} of {@code rs}. */
  static WorkflowRow readRow(ResultSet rs, int first) throws SQLException {
    int i = first;
    return new WorkflowRow(
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getString(i++),
        new RecordedCaller(
            rs.getString(i++),
            rs.getString(i++),
            rs.getString(i++),
            rs.getString(i++),
            rs.getString(i++)),
        rs.getString(i++),
        rs.getInt(i++),
        rs.getLong(i++),
        rs.getLong(i++),
        rs.getString(i++),
        rs.getString(i++),
        rs.getInt(i++),
        rs.getString(i++),
        rs.getString(i++),
        nullableLong(rs, i++),
        nullableLong(rs, i++),
        nullableLong(rs, i++),
        nullableLong(rs, i));
  }

  static @Nullable Long nullableLong(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  static DBOSException failure(String what, SQLException e) {
    return new SystemDatabaseException(
        "Cannot " + what + " in the system database: " + e.getMessage(), e);
  }
}
