package org.dbos4j.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.SystemTables;
import org.dbos4j.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes dispatching one queue on one PostgreSQL database: worker concurrency 2 each,
 * concurrency 3 in all. The workflows count themselves running in a table, so the count covers both
 * processes; every workflow runs exactly once, and both processes take work.
 */
class QueueProcessesTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final int WORKFLOWS = 200;

  private final SystemTables tables = new SystemTables(db);

  @TempDir Path dir;

  @Test
  void twoProcessesShareAQueueWithinItsConcurrency() throws Exception {
    try (Connection server = TestPostgres.connectToServer();
        Statement st = server.createStatement()) {
      st.execute("CREATE DATABASE " + db.databaseName() + "_app");
    }
    try (Connection c = db.connectToApplicationDatabase();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE queue_running (running INTEGER NOT NULL, peak INTEGER NOT NULL)");
      st.execute("INSERT INTO queue_running VALUES (0, 0)");
      st.execute("CREATE TABLE queue_runs (workflow_id TEXT NOT NULL, executor_id TEXT NOT NULL)");
    }
    Process b = start("worker-b", 0);
    ChildJvm.awaitLine(output("worker-b"), QueueWorker.LAUNCHED, b);
    Process a = start("worker-a", WORKFLOWS);
    ChildJvm.awaitExit(a, ChildJvm.BOUND, output("worker-a"));
    ChildJvm.awaitExit(b, ChildJvm.BOUND, output("worker-b"));

    try (Connection c = db.connectToApplicationDatabase();
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT running, peak FROM queue_running")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
        assertThat(rs.getInt(2))
            .as("the most running at once, in both processes")
            .isLessThanOrEqualTo(3);
      }
      Map<String, Integer> runsByExecutor = new HashMap<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT executor_id, count(*), count(DISTINCT workflow_id) FROM queue_runs"
                  + " GROUP BY executor_id")) {
        while (rs.next()) {
          assertThat(rs.getInt(2)).as("runs of distinct workflows").isEqualTo(rs.getInt(3));
          runsByExecutor.put(rs.getString(1), rs.getInt(2));
        }
      }
      assertThat(runsByExecutor.keySet()).containsExactlyInAnyOrder("worker-a", "worker-b");
      assertThat(runsByExecutor.values()).allSatisfy(n -> assertThat(n).isPositive());
      assertThat(runsByExecutor.values().stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(WORKFLOWS);
      try (ResultSet rs = st.executeQuery("SELECT count(DISTINCT workflow_id) FROM queue_runs")) {
        rs.next();
        assertThat(rs.getInt(1)).as("every workflow ran exactly once").isEqualTo(WORKFLOWS);
      }
    }
    assertThat(
            tables.count(
                "SELECT count(*) FROM dbos.workflow_status WHERE status = 'SUCCESS'"
                    + " AND recovery_attempts = 1"))
        .isEqualTo(WORKFLOWS);
  }

  private Process start(String executorId, int enqueue) throws Exception {
    return ChildJvm.start(
        QueueWorker.class,
        ProcessBuilder.Redirect.to(output(executorId).toFile()),
        List.of(
            "compete",
            db.url(),
            TestPostgres.user(),
            TestPostgres.password(),
            executorId,
            String.valueOf(enqueue),
            String.valueOf(WORKFLOWS),
            db.applicationUrl()));
  }

  private Path output(String executorId) {
    return dir.resolve(executorId + ".out");
  }
}
