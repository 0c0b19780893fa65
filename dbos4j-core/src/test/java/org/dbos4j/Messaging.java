package org.dbos4j;

import static org.dbos4j.Conditions.awaitTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.dbos4j.internal.lifecycle.Lifecycle;

/**
 * Helpers of the tests of send/recv, events and durable sleep: waiting for a workflow to reach a
 * recorded point, putting a workflow back to PENDING, and writing rows as another process would.
 */
final class Messaging {
  /** The stored form of "no topic". */
  static final String NO_TOPIC = "__null__topic__";

  /** Upper bound of waits that should end much sooner; only there to avoid hangs. */
  static final long BOUND_SECONDS = 10;

  private Messaging() {}

  static <R> WorkflowHandle<R> start(String id, ThrowingSupplier<R, ?> call) {
    return DBOS.startWorkflow(call, StartWorkflowOptions.builder().workflowId(id).build());
  }

  /**
   * Waits until exactly {@code n} threads are parked in recv, getEvent or getResult, waiting to be
   * woken (a registered waiter may still be looking).
   */
  static void awaitParked(int n) throws Exception {
    awaitTrue(n + " waiters parked", () -> Lifecycle.INSTANCE.parkedWaiters() == n);
  }

  /**
   * Waits until {@code workflowId} recorded a checkpoint named {@code name} at {@code position}.
   */
  static void awaitCheckpoint(SystemTables tables, String workflowId, int position, String name)
      throws Exception {
    awaitTrue(
        workflowId + " recorded " + name + " at position " + position,
        () ->
            tables.count(
                    "SELECT count(*) FROM dbos.operation_outputs"
                        + " WHERE workflow_uuid = ? AND function_id = ? AND function_name = ?",
                    workflowId,
                    position,
                    name)
                == 1);
  }

  /** Marks a finished workflow PENDING again, so that the next launch recovers (replays) it. */
  static void makePending(SystemTables tables, String workflowId) throws SQLException {
    int updated =
        tables.update(
            "UPDATE dbos.workflow_status SET status = 'PENDING', output = NULL, error = NULL,"
                + " completed_at = NULL WHERE workflow_uuid = ?",
            workflowId);
    if (updated != 1) {
      throw new IllegalStateException("no workflow " + workflowId);
    }
  }

  /** The wake-up time recorded at {@code position} (a DBOS.sleep checkpoint), in epoch ms. */
  static long recordedWakeUp(SystemTables tables, String workflowId, int position)
      throws SQLException {
    String output =
        tables.string(
            "SELECT output FROM dbos.operation_outputs"
                + " WHERE workflow_uuid = ? AND function_id = ? AND function_name = 'DBOS.sleep'",
            workflowId,
            position);
    if (output == null) {
      throw new IllegalStateException(
          "no DBOS.sleep checkpoint at " + position + " of " + workflowId);
    }
    return Long.parseLong(output);
  }

  /** Rewrites the wake-up time recorded at {@code position}. */
  static void setRecordedWakeUp(
      SystemTables tables, String workflowId, int position, long epochMillis) throws SQLException {
    int updated =
        tables.update(
            "UPDATE dbos.operation_outputs SET output = ? WHERE workflow_uuid = ?"
                + " AND function_id = ? AND function_name = 'DBOS.sleep'",
            Long.toString(epochMillis),
            workflowId,
            position);
    if (updated != 1) {
      throw new IllegalStateException(
          "no DBOS.sleep checkpoint at " + position + " of " + workflowId);
    }
  }

  /**
   * A connection writing as another process would; with {@code silently}, its session runs with
   * {@code session_replication_role = replica}, so no trigger fires and no NOTIFY is sent.
   */
  private static Connection connectAsAnotherProcess(SystemTables tables, boolean silently)
      throws SQLException {
    Connection c = tables.connect();
    // SQLite sends no notifications at all: every write there is silent.
    if (silently && tables.backend() == Backend.POSTGRES) {
      try (Statement st = c.createStatement()) {
        st.execute("SET session_replication_role = replica");
      } catch (SQLException e) {
        c.close();
        throw e;
      }
    }
    return c;
  }

  /**
   * Inserts a message row as another process would. With {@code silently}, the session runs with
   * {@code session_replication_role = replica}, so no trigger fires and no NOTIFY is sent.
   */
  static void insertMessage(
      SystemTables tables, String destination, String topic, String json, boolean silently)
      throws SQLException {
    try (Connection c = connectAsAnotherProcess(tables, silently)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO dbos.notifications (message_uuid, destination_uuid, topic, message,"
                  + " created_at_epoch_ms, serialization) VALUES (?, ?, ?, ?, ?, 'dbos4j-json')")) {
        ps.setString(1, java.util.UUID.randomUUID().toString());
        ps.setString(2, destination);
        ps.setString(3, topic);
        ps.setString(4, json);
        ps.setLong(5, System.currentTimeMillis());
        ps.executeUpdate();
      }
    }
  }

  /**
   * Sets the status of a workflow's row as another tool (or an operator's SQL) would (see {@link
   * #insertMessage} for {@code silently}).
   */
  static void setStatus(SystemTables tables, String workflowId, String status, boolean silently)
      throws SQLException {
    try (Connection c = connectAsAnotherProcess(tables, silently);
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE dbos.workflow_status SET status = ? WHERE workflow_uuid = ?")) {
      ps.setString(1, status);
      ps.setString(2, workflowId);
      if (ps.executeUpdate() != 1) {
        throw new IllegalStateException("no workflow " + workflowId);
      }
    }
  }

  /** Inserts or updates an event row as another process would (see {@link #insertMessage}). */
  static void upsertEvent(
      SystemTables tables, String workflowId, String key, String json, boolean silently)
      throws SQLException {
    try (Connection c = connectAsAnotherProcess(tables, silently)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO dbos.workflow_events (workflow_uuid, key, value, serialization)"
                  + " VALUES (?, ?, ?, 'dbos4j-json')"
                  + " ON CONFLICT (workflow_uuid, key) DO UPDATE SET value = EXCLUDED.value")) {
        ps.setString(1, workflowId);
        ps.setString(2, key);
        ps.setString(3, json);
        ps.executeUpdate();
      }
    }
  }
}
