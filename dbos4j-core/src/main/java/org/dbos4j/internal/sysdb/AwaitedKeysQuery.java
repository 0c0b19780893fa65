package org.dbos4j.internal.sysdb;

import static org.dbos4j.internal.sysdb.WorkflowStatusDao.failure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/**
 * One query of the fallback poll: given the workflow IDs that waiters wait on, which wake-up keys
 * ({@code <workflow>} or {@code <workflow>::<topic or key>}) now have data. The query takes the IDs
 * as one array parameter and returns the key's parts as its columns (1 round trip).
 */
final class AwaitedKeysQuery {
  private AwaitedKeysQuery() {}

  static List<String> run(DataSource db, String sql, Collection<String> workflowIds, String what) {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("text", workflowIds.toArray()));
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
    } catch (SQLException e) {
      throw failure("look for " + what, e);
    }
  }
}
