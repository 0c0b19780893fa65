package org.dbos4j.internal.sysdb;

import static org.dbos4j.internal.sysdb.WorkflowStatusDao.failure;

import java.sql.SQLException;
import org.dbos4j.DBOSException;
import org.dbos4j.internal.db.NullOf;
import org.dbos4j.internal.db.Statements;
import org.jspecify.annotations.Nullable;

/**
 * Forking a workflow: a new {@code workflow_status} row that runs the original's function on the
 * original's input, with the original's operations numbered below the fork's start step and the
 * events they set, so that the fork replays them and runs on from there. Its statements run in one
 * transaction: 5 round trips on PostgreSQL (one each; management is no hot path), none on SQLite.
 *
 * <p>The fork is recorded PENDING, on no queue, owned by no process: the first process that starts
 * it (the forking process, if it runs the fork's application version) or recovers it (one of that
 * executor and version) takes it, as it would take a workflow whose process is gone.
 */
public final class WorkflowForksDao {
  /*
   * The fork's row, from the original's. Its timeout is the one given or the original's, and its
   * deadline counts from the fork (NULL plus anything is NULL: no timeout, no deadline). Identity
   * and request are the original's; the trace context is not, so the fork starts a trace of its own.
   */
  private static final String INSERT_FORK =
      """
      INSERT INTO dbos.workflow_status (workflow_uuid, status, name, class_name, config_name,
        inputs, authenticated_user, assumed_role, authenticated_roles, request, executor_id,
        application_version, application_id, created_at, updated_at, started_at_epoch_ms,
        recovery_attempts, workflow_timeout_ms, workflow_deadline_epoch_ms, forked_from,
        serialization)
      SELECT ?, 'PENDING', name, class_name, config_name, inputs, authenticated_user, assumed_role,
        authenticated_roles, request, COALESCE(?, executor_id), COALESCE(?, application_version),
        application_id, ?, ?, ?, 0, COALESCE(?, workflow_timeout_ms),
        ? + COALESCE(?, workflow_timeout_ms), workflow_uuid, serialization
      FROM dbos.workflow_status WHERE workflow_uuid = ?
      RETURNING %s"""
          .formatted(WorkflowStatusDao.COLUMNS);

  private static final String MARK_FORKED =
      "UPDATE dbos.workflow_status SET was_forked_from = TRUE WHERE workflow_uuid = ?";

  private static final String COPY_STEPS =
      """
      INSERT INTO dbos.operation_outputs (workflow_uuid, function_id, function_name, output, error,
        child_workflow_id, started_at_epoch_ms, completed_at_epoch_ms, serialization)
      SELECT ?, function_id, function_name, output, error, child_workflow_id, started_at_epoch_ms,
        completed_at_epoch_ms, serialization
      FROM dbos.operation_outputs WHERE workflow_uuid = ? AND function_id < ?""";

  private static final String COPY_EVENT_HISTORY =
      """
      INSERT INTO dbos.workflow_events_history (workflow_uuid, function_id, key, value,
        serialization)
      SELECT ?, function_id, key, value, serialization
      FROM dbos.workflow_events_history WHERE workflow_uuid = ? AND function_id < ?""";

  /* Each event's latest value as of the fork's start step: the one set by the last step before. */
  private static final String REBUILD_EVENTS =
      """
      INSERT INTO dbos.workflow_events (workflow_uuid, key, value, serialization)
      SELECT ?, h.key, h.value, h.serialization
      FROM dbos.workflow_events_history h
      WHERE h.workflow_uuid = ? AND h.function_id = (
        SELECT MAX(m.function_id) FROM dbos.workflow_events_history m
        WHERE m.workflow_uuid = h.workflow_uuid AND m.key = h.key AND m.function_id < ?)""";

  private final SystemDatabase db;

  public WorkflowForksDao(SystemDatabase db) {
    this.db = db;
  }

  /**
   * Records a fork of {@code originalId} as {@code forkId}, starting at step {@code startStep}.
   *
   * @param executorId the executor that should recover the fork; null for the original's
   * @param appVersion the application version that runs the fork; null for the original's
   * @param timeoutMillis the fork's timeout; null for the original's
   * @return the fork's row, or null if there is no workflow {@code originalId}
   * @throws DBOSException if a workflow {@code forkId} exists already
   */
  public @Nullable WorkflowRow fork(
      String originalId,
      String forkId,
      int startStep,
      @Nullable String executorId,
      @Nullable String appVersion,
      @Nullable Long timeoutMillis,
      long now) {
    Object timeout = timeoutMillis == null ? NullOf.BIGINT : timeoutMillis;
    try {
      return db.write(
          c ->
              WriteSequence.atomically(
                  c,
                  () -> {
                    WorkflowRow fork =
                        Statements.query(
                            c,
                            INSERT_FORK,
                            rs -> rs.next() ? WorkflowStatusDao.readRow(rs, 1) : null,
                            forkId,
                            executorId,
                            appVersion,
                            now,
                            now,
                            now,
                            timeout,
                            now,
                            timeout,
                            originalId);
                    if (fork == null) {
                      return null;
                    }
                    Statements.update(c, MARK_FORKED, originalId);
                    Statements.update(c, COPY_STEPS, forkId, originalId, startStep);
                    Statements.update(c, COPY_EVENT_HISTORY, forkId, originalId, startStep);
                    Statements.update(c, REBUILD_EVENTS, forkId, originalId, startStep);
                    return fork;
                  }));
    } catch (SQLException e) {
      if (db.engine().isPrimaryKeyViolation(e, "workflow_status")) {
        throw new DBOSException(
            "Cannot fork workflow "
                + originalId
                + " as "
                + forkId
                + ": a workflow with that ID exists; choose another forkedWorkflowId",
            e);
      }
      throw failure("fork workflow " + originalId + " as " + forkId, e);
    }
  }
}
