package org.dbos4j;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * Plain JDBC reads and writes of a test class's application database, to set up the tables that
 * transactions use and check what they (and dbos4j's {@code transaction_outputs}) hold.
 */
public final class ApplicationTables {
  private final SystemDatabaseExtension db;

  public ApplicationTables(SystemDatabaseExtension db) {
    this.db = db;
  }

  /** dbos4j's table of transaction outcomes, as SQL names it on a plain connection. */
  public String transactionOutputs() {
    return db.backend() == Backend.POSTGRES ? "dbos.transaction_outputs" : "transaction_outputs";
  }

  public void execute(String sql) throws SQLException {
    try (Connection c = db.connectToApplicationDatabase();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  public long count(String sql, Object... params) throws SQLException {
    try (Connection c = db.connectToApplicationDatabase();
        PreparedStatement ps = SystemTables.prepare(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The first column of the first row, or null if there is no row. */
  public @Nullable String string(String sql, Object... params) throws SQLException {
    try (Connection c = db.connectToApplicationDatabase();
        PreparedStatement ps = SystemTables.prepare(c, sql, params);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
