package org.dbos4j.internal.sysdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.dbos4j.Backend;
import org.dbos4j.BothBackends;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.TestPostgres;
import org.dbos4j.internal.db.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Migration 7 on a database at version 6 that holds workflows: their steps survive, the foreign key
 * from operation_outputs to workflow_status is gone, and the index on (status, created_at) exists.
 */
@BothBackends
class ManagementMigrationTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final int BEFORE = 6;

  @Test
  void migrationSevenKeepsTheStepsAndDropsTheForeignKey() throws Exception {
    Engine engine = Engine.of(db.url());
    try (Connection c =
            engine.connectCreatingDatabase(TestPostgres.user(), TestPostgres.password());
        Statement st = c.createStatement()) {
      migrateTo(BEFORE, c, st, engine);
      st.execute(
          "INSERT INTO dbos.workflow_status (workflow_uuid, status, name, created_at, updated_at)"
              + " VALUES ('wf', 'SUCCESS', 'Flows.run', 1, 2)");
      st.execute(
          "INSERT INTO dbos.operation_outputs (workflow_uuid, function_id, function_name, output,"
              + " child_workflow_id, started_at_epoch_ms, completed_at_epoch_ms, serialization)"
              + " VALUES ('wf', 1, 'Steps.one', '\"out\"', 'child', 10, 11, 'dbos4j-json')");
      assertThatThrownBy(() -> insertOrphanStep(st))
          .as("version 6 has the foreign key")
          .isInstanceOf(SQLException.class);

      assertThat(SchemaMigrations.apply(c, engine))
          .isEqualTo(SchemaMigrations.latestVersion() - BEFORE);

      try (ResultSet rs =
          st.executeQuery(
              "SELECT workflow_uuid, function_id, function_name, output, child_workflow_id,"
                  + " started_at_epoch_ms, completed_at_epoch_ms, serialization"
                  + " FROM dbos.operation_outputs")) {
        assertThat(rs.next()).isTrue();
        assertThat(
                List.of(
                    rs.getString(1),
                    rs.getInt(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getLong(6),
                    rs.getLong(7),
                    rs.getString(8)))
            .containsExactly("wf", 1, "Steps.one", "\"out\"", "child", 10L, 11L, "dbos4j-json");
        assertThat(rs.next()).isFalse();
      }
      insertOrphanStep(st);
      assertThat(indexes(st)).contains("workflow_status_failed_index");
    }
  }

  private static void insertOrphanStep(Statement st) throws SQLException {
    st.execute(
        "INSERT INTO dbos.operation_outputs (workflow_uuid, function_id, function_name)"
            + " VALUES ('no-such-workflow', 1, 'Steps.one')");
  }

  /** Applies the first {@code version} migrations, as a process of that version would have. */
  private static void migrateTo(int version, Connection c, Statement st, Engine engine)
      throws SQLException {
    List<String> scripts =
        db.backend() == Backend.POSTGRES ? SchemaMigrations.POSTGRES : SchemaMigrations.SQLITE;
    c.setAutoCommit(false);
    engine.beginMigration(st);
    st.execute(
        "CREATE TABLE dbos.dbos4j_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT"
            + " NULL)");
    for (int v = 0; v < version; v++) {
      engine.executeScript(st, scripts.get(v));
      st.execute(
          "INSERT INTO dbos.dbos4j_migrations (version, applied_at) VALUES (" + (v + 1) + ", 0)");
    }
    c.commit();
    c.setAutoCommit(true);
  }

  private static List<String> indexes(Statement st) throws SQLException {
    String sql =
        db.backend() == Backend.POSTGRES
            ? "SELECT indexname FROM pg_indexes WHERE schemaname = 'dbos'"
                + " AND tablename = 'workflow_status'"
            : "SELECT name FROM dbos.sqlite_master WHERE type = 'index'"
                + " AND tbl_name = 'workflow_status'";
    try (ResultSet rs = st.executeQuery(sql)) {
      List<String> names = new java.util.ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    }
  }
}
