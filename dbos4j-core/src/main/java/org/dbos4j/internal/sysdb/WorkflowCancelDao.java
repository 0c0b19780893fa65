package org.dbos4j.internal.sysdb;

import static org.dbos4j.internal.sysdb.WorkflowStatusDao.failure;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.dbos4j.internal.db.Statements;
import org.jspecify.annotations.Nullable;

/**
 * The statements of {@code workflow_status} that stop and resume workflows: cancelling a workflow
 * with its descendants, resuming a cancelled one, and the fallback poll's look for cancelled rows.
 * Each is one statement, one round trip. On PostgreSQL a trigger notifies every change of a row to
 * CANCELLED on {@code dbos_workflow_cancel_channel}, whoever made it (see {@code
 * SchemaMigrations}).
 */
public final class WorkflowCancelDao {
  /*
   * A workflow and all its descendants (parent_workflow_id, indexed) as the rows of "tree", walked
   * by a recursive query that both engines run; UNION drops rows already seen, so even a cycle
   * ends. Children join the tree only where the condition in place of %s holds (written with its
   * leading space; empty for always). Deletion walks the same tree.
   */
  static final String TREE =
      """
      WITH RECURSIVE tree (workflow_uuid) AS (
        SELECT workflow_uuid FROM dbos.workflow_status WHERE workflow_uuid = ?
        UNION
        SELECT child.workflow_uuid FROM dbos.workflow_status child
        JOIN tree ON child.parent_workflow_id = tree.workflow_uuid%s)
      """;

  /*
   * The unfinished of the tree become CANCELLED (a state this version does not know counts as
   * unfinished); their deduplication IDs are free again. Finished descendants are walked through,
   * not changed: a finished child may have a running child of its own.
   */
  private static final String CANCEL_TREE =
      TREE.formatted("")
          + """
      UPDATE dbos.workflow_status
      SET status = 'CANCELLED', deduplication_id = NULL, updated_at = ?
      WHERE workflow_uuid IN (SELECT workflow_uuid FROM tree)
        AND status NOT IN ('SUCCESS', 'ERROR', 'CANCELLED', 'MAX_RECOVERY_ATTEMPTS_EXCEEDED')
      RETURNING workflow_uuid""";

  /*
   * Resuming: back to PENDING, or ENQUEUED on its queue for a queued workflow, without its
   * deadline and without a process, counting its executions afresh; only from the states a resume
   * applies to. Without a process it is an orphan that the resumer's start takes, or, resumed by a
   * client, the recovery of any live process of its executor and version: the process that ran it
   * before the cancel may still live, and would never take it back. A queued
   * one restarts its count at 1, not 0: the dequeue counts one more and takes a count of 1 for a
   * first execution, which would not load the steps recorded before the cancel.
   */
  private static final String RESUME =
      """
      UPDATE dbos.workflow_status
      SET status = CASE WHEN queue_name IS NULL THEN 'PENDING' ELSE 'ENQUEUED' END,
        workflow_deadline_epoch_ms = NULL, process_id = NULL,
        recovery_attempts = CASE WHEN queue_name IS NULL THEN 0 ELSE 1 END, updated_at = ?
      WHERE workflow_uuid = ? AND status IN ('CANCELLED', 'MAX_RECOVERY_ATTEMPTS_EXCEEDED')
      RETURNING %s"""
          .formatted(WorkflowStatusDao.COLUMNS);

  private static final String CANCELLED_AMONG =
      "SELECT workflow_uuid FROM dbos.workflow_status WHERE %s AND status = 'CANCELLED'";

  private final SystemDatabase db;

  public WorkflowCancelDao(SystemDatabase db) {
    this.db = db;
  }

  /**
   * Cancels a workflow and its unfinished descendants (1 round trip).
   *
   * @return the IDs of the workflows this cancelled: empty if the workflow does not exist or has
   *     finished (and so have its descendants)
   */
  public List<String> cancel(String workflowId, long now) {
    try {
      return db.write(
          c ->
              Statements.query(
                  c,
                  CANCEL_TREE,
                  rs -> {
                    List<String> ids = new ArrayList<>();
                    while (rs.next()) {
                      ids.add(rs.getString(1));
                    }
                    return ids;
                  },
                  workflowId,
                  now));
    } catch (SQLException e) {
      throw failure("cancel workflow " + workflowId, e);
    }
  }

  /**
   * Resumes a CANCELLED or MAX_RECOVERY_ATTEMPTS_EXCEEDED workflow (1 round trip).
   *
   * @return its row as resumed, or null if it was in no such state
   */
  public @Nullable WorkflowRow resume(String workflowId, long now) {
    try {
      return db.write(
          c ->
              Statements.query(
                  c,
                  RESUME,
                  rs -> rs.next() ? WorkflowStatusDao.readRow(rs, 1) : null,
                  now,
                  workflowId));
    } catch (SQLException e) {
      throw failure("resume workflow " + workflowId, e);
    }
  }

  /** Which of the given workflows are CANCELLED (1 round trip). */
  public List<String> cancelledAmong(Collection<String> workflowIds) {
    return AwaitedKeysQuery.run(
        db, CANCELLED_AMONG, "workflow_uuid", workflowIds, "cancelled workflows");
  }
}
