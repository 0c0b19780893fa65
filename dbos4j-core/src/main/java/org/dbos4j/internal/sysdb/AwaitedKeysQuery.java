package org.dbos4j.internal.sysdb;

import static org.dbos4j.internal.sysdb.WorkflowStatusDao.failure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.dbos4j.internal.db.Engine;

/**
 * One query of the fallback poll: given the workflow IDs that waiters wait on, which wake-up keys
 * ({@code <workflow>} or {@code <workflow>::<topic or key>}) now have data. The query holds {@code
 * %s} where the condition "ID column in the list" goes, and returns the key's parts as its columns
 * (1 round trip).
 */
final class AwaitedKeysQuery {
  private AwaitedKeysQuery() {}

  static List<String> run(
      SystemDatabase db, String sql, String idColumn, Collection<String> workflowIds, String what) {
    Engine engine = db.engine();
    String query = sql.formatted(engine.inList(idColumn));
    try {
      return db.read(c -> keys(c, engine, query, workflowIds));
    } catch (SQLException e) {
      throw failure("look for " + what, e);
    }
  }

  private static List<String> keys(
      Connection c, Engine engine, String sql, Collection<String> workflowIds) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      engine.bindList(ps, 1, workflowIds);
      List<String> keys = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder key = new StringBuilder(rs.getString(1));
          for (int i = 2; i <= columns; i++) {
            key.append("::").append(rs.getString(i));
          }
          keys.add(key.toString());
        }
      }
      return keys;
    }
  }
}
