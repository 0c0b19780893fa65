package org.dbos4j;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Plain JDBC reads and writes of a test class's system database, to check what DBOS recorded. */
public final class SystemTables {
  /** One row of {@code dbos.operation_outputs}. */
  public record Operation(
      int functionId,
      String functionName,
      @Nullable String output,
      @Nullable String error,
      @Nullable String childWorkflowId) {}

  private final SystemDatabaseExtension db;

  public SystemTables(SystemDatabaseExtension db) {
    this.db = db;
  }

  public Connection connect() throws SQLException {
    return db.connect();
  }

  /** The backend of the running test. */
  public Backend backend() {
    return db.backend();
  }

  /** The recorded status of a workflow, or null if it has no row. */
  public @Nullable String status(String workflowId) throws SQLException {
    return string("SELECT status FROM dbos.workflow_status WHERE workflow_uuid = ?", workflowId);
  }

  /** The first column of the first row, or null if there is no row. */
  public @Nullable String string(String sql, Object... params) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = prepare(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  public long count(String sql, Object... params) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = prepare(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  public long workflowRows() throws SQLException {
    return count("SELECT count(*) FROM dbos.workflow_status");
  }

  public long operationRows() throws SQLException {
    return count("SELECT count(*) FROM dbos.operation_outputs");
  }

  /** The checkpoints of a workflow, by function ID. */
  public List<Operation> operations(String workflowId) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps =
            prepare(
                c,
                "SELECT function_id, function_name, output, error, child_workflow_id"
                    + " FROM dbos.operation_outputs WHERE workflow_uuid = ? ORDER BY function_id",
                workflowId);
        ResultSet rs = ps.executeQuery()) {
      List<Operation> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(
            new Operation(
                rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
      }
      return rows;
    }
  }

  public int update(String sql, Object... params) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = prepare(c, sql, params)) {
      return ps.executeUpdate();
    }
  }

  static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
    return ps;
  }
}
