package org.dbos4j.internal.sysdb;

import static org.dbos4j.internal.sysdb.WorkflowStatusDao.failure;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.dbos4j.internal.db.Statements;
import org.jspecify.annotations.Nullable;

/**
 * The {@code workflow_events} and {@code workflow_events_history} tables. Every method is one round
 * trip on PostgreSQL, where a trigger sends {@code pg_notify('dbos_workflow_events_channel',
 * '<workflow>::<key>')} in the writing transaction.
 */
public final class EventsDao {
  /*
   * Setting an event: the latest value, the history row of the setting step and (from a workflow
   * body) the checkpoint, committed together (1 round trip on PostgreSQL).
   */
  private static final WriteSequence SET =
      new WriteSequence(
          """
          INSERT INTO dbos.workflow_events (workflow_uuid, key, value, serialization)
          VALUES (?, ?, ?, 'dbos4j-json')
          ON CONFLICT (workflow_uuid, key) DO UPDATE SET value = EXCLUDED.value""",
          """
          INSERT INTO dbos.workflow_events_history (workflow_uuid, function_id, key, value,
            serialization)
          VALUES (?, ?, ?, ?, 'dbos4j-json')
          ON CONFLICT (workflow_uuid, function_id, key) DO UPDATE SET value = EXCLUDED.value""",
          """
          INSERT INTO dbos.operation_outputs (workflow_uuid, function_id, function_name,
            started_at_epoch_ms, completed_at_epoch_ms, serialization)
          SELECT ?, ?, 'DBOS.setEvent', ?, ?, 'dbos4j-json' WHERE ?
          ON CONFLICT DO NOTHING""");

  private static final String GET =
      "SELECT value FROM dbos.workflow_events WHERE workflow_uuid = ? AND key = ?";

  private static final String PRESENT_FOR =
      "SELECT workflow_uuid, key FROM dbos.workflow_events WHERE %s";

  private final SystemDatabase db;

  public EventsDao(SystemDatabase db) {
    this.db = db;
  }

  /**
   * Sets an event of a workflow (1 round trip).
   *
   * @param functionId the position of the setting operation: the workflow's step for the
   *     checkpoint, or the enclosing step's position when set from inside a step
   * @param checkpoint whether to checkpoint the set at {@code functionId} (false inside a step,
   *     whose own checkpoint covers it)
   */
  public void set(
      String workflowId, int functionId, String key, String value, boolean checkpoint, long now) {
    try {
      db.write(
          SET.update(
              db.engine(),
              new Object[] {workflowId, key, value},
              new Object[] {workflowId, functionId, key, value},
              new Object[] {workflowId, functionId, now, now, checkpoint}));
    } catch (SQLException e) {
      throw failure("set event '" + key + "' of workflow " + workflowId, e);
    }
  }

  /** The latest value of an event, or null if it was never set (1 round trip). */
  public @Nullable String get(String workflowId, String key) {
    try {
      return db.read(
          c -> Statements.query(c, GET, rs -> rs.next() ? rs.getString(1) : null, workflowId, key));
    } catch (SQLException e) {
      throw failure("read event '" + key + "' of workflow " + workflowId, e);
    }
  }

  /** The events set by the given workflows, as {@code "<workflow>::<key>"} keys (1 round trip). */
  public List<String> presentKeys(Collection<String> workflowIds) {
    return AwaitedKeysQuery.run(db, PRESENT_FOR, "workflow_uuid", workflowIds, "events");
  }
}
