package org.dbos4j.internal.appdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.dbos4j.internal.db.Engine;
import org.dbos4j.internal.db.Statements;
import org.dbos4j.internal.sysdb.RecordedOperation;
import org.jspecify.annotations.Nullable;

/**
 * The {@code transaction_outputs} table of the application database: the outcome of each
 * transaction a workflow ran, keyed by workflow and step position, written in the transaction whose
 * outcome it is. Its primary key is what makes a transaction happen once: a second execution of the
 * same position fails on the key and rolls its own work back.
 */
public final class TransactionOutputs {
  static final String TABLE = "transaction_outputs";

  private final Engine engine;
  private final String ddl;
  private final String find;
  private final String record;

  TransactionOutputs(Engine engine) {
    this.engine = engine;
    String table = engine.applicationTable(TABLE);
    this.ddl =
        """
        CREATE TABLE IF NOT EXISTS %s (
          workflow_uuid TEXT NOT NULL,
          function_id INTEGER NOT NULL,
          function_name TEXT NOT NULL,
          output TEXT,
          error TEXT,
          serialization TEXT,
          created_at BIGINT NOT NULL,
          PRIMARY KEY (workflow_uuid, function_id)
        );
        """
            .formatted(table);
    this.find =
        "SELECT function_id, function_name, output, error FROM "
            + table
            + " WHERE workflow_uuid = ? AND function_id = ?";
    String insert =
        "INSERT INTO "
            + table
            + " (workflow_uuid, function_id, function_name, output, error, serialization,"
            + " created_at) VALUES (?, ?, ?, ?, ?, 'dbos4j-json', ?)";
    this.record = engine.commitsInStatement() ? insert + ";\nCOMMIT" : insert;
  }

  /** Creates the table if it does not exist, in the connection's open transaction. */
  void create(Statement st) throws SQLException {
    engine.executeScript(st, ddl);
  }

  /**
   * The outcome recorded at a position, read in {@code tx} (1 round trip).
   *
   * @return null if none
   */
  @Nullable RecordedOperation find(OpenTransaction tx, String workflowId, int functionId)
      throws SQLException {
    return Statements.query(
        tx.connection(), find, rs -> rs.next() ? read(rs) : null, workflowId, functionId);
  }

  /**
   * Records an outcome at a position and commits {@code tx} with it: 1 round trip on PostgreSQL,
   * where the insert and the commit travel in one statement.
   *
   * @throws SQLException if the transaction cannot commit; {@link #isRecordedElsewhere} tells when
   *     another execution recorded this position first
   */
  public void recordAndCommit(
      OpenTransaction tx,
      String workflowId,
      int functionId,
      String functionName,
      @Nullable String output,
      @Nullable String error,
      long createdAt)
      throws SQLException {
    Connection c = tx.connection();
    try (PreparedStatement ps = c.prepareStatement(record)) {
      Statements.bind(ps, 1, workflowId, functionId, functionName, output, error, createdAt);
      ps.execute();
    }
    tx.commit(); // sends nothing where the statement committed
  }

  /** Whether {@code e} says another execution recorded the position first. */
  public boolean isRecordedElsewhere(SQLException e) {
    return engine.isPrimaryKeyViolation(e, TABLE);
  }

  private static RecordedOperation read(ResultSet rs) throws SQLException {
    return new RecordedOperation(
        rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), null);
  }
}
