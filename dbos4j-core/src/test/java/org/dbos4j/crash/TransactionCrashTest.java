package org.dbos4j.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dbos4j.crash.TransactionCrashWorker.BEFORE_TRANSACTION;
import static org.dbos4j.crash.TransactionCrashWorker.ROWS;
import static org.dbos4j.crash.TransactionCrashWorker.TRANSACTION_RETURNED;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.dbos4j.ApplicationTables;
import org.dbos4j.Backend;
import org.dbos4j.BothBackends;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.SystemTables;
import org.dbos4j.TestPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real child JVM with SIGKILL around its transactions, restarts it, and checks from the
 * application database's rows that each transaction of a workflow committed exactly once and from
 * the system database that every workflow finished. The rows' table has no key, so a transaction
 * that committed twice would leave two rows.
 *
 * <p>A transaction commits in the application database first and is recorded in the system database
 * after: one test kills the JVM once both have happened, one between the two (the test holds up the
 * second by a lock of its own), and one kills 50 workflows of two transactions and a step each at
 * random points of their log, five times.
 */
@BothBackends
class TransactionCrashTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final String INSERT = "Ledger.insert";
  private static final String NOTE = "Ledger.note";

  private final SystemTables tables = new SystemTables(db);
  private final ApplicationTables app = new ApplicationTables(db);

  /** Kept when a test fails: the children's logs and outputs tell what happened. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void killedAfterItsTransactionCommittedTheWorkflowRecoversWithItsRowOnce() throws Exception {
    String workflowId = "txn-crash-recorded";
    String key = "row-recorded";
    Path log = dir.resolve("once.log");
    Files.createFile(dir.resolve("before"));

    Process first = startOnce(workflowId, key, log);
    ChildJvm.awaitLine(log, TRANSACTION_RETURNED, first);
    ChildJvm.awaitInChild(
        "the system database recorded the transaction", first, () -> recordedName(workflowId, 1));
    ChildJvm.kill(first);
    assertThat(tables.status(workflowId)).isEqualTo("PENDING");
    assertThat(rows(key)).isEqualTo(1);

    String result = recover(workflowId);

    assertThat(result).contains("RESULT row " + key + "; noted " + key);
    assertRecoveredOnce(workflowId, key, log);
    assertThat(Files.readAllLines(log))
        .containsExactly(
            "insert " + key, TRANSACTION_RETURNED, TRANSACTION_RETURNED, "noted " + key);
  }

  @Test
  void killedBeforeTheSystemDatabaseRecordedItsTransactionTheWorkflowReplaysItFromTheRow()
      throws Exception {
    String workflowId = "txn-crash-unrecorded";
    String key = "row-unrecorded";
    Path log = dir.resolve("once.log");

    Process first = startOnce(workflowId, key, log);
    ChildJvm.awaitLine(log, BEFORE_TRANSACTION, first);
    // While the test holds the lock, the transaction commits but its record in the system
    // database waits: the kill lands between the two commits.
    try (OperationOutputsLock lock = OperationOutputsLock.take(db)) {
      Files.createFile(dir.resolve("before"));
      ChildJvm.awaitLine(log, TRANSACTION_RETURNED, first);
      ChildJvm.kill(first);
      lock.endSessionsOfTheKilledJvm();
    }
    assertThat(tables.status(workflowId)).isEqualTo("PENDING");
    assertThat(tables.operations(workflowId))
        .as("the system database has no record of the transaction")
        .isEmpty();
    assertThat(rows(key)).isEqualTo(1);
    assertThat(transactionOutputs(workflowId)).containsExactly("1 " + INSERT);

    String result = recover(workflowId);

    assertThat(result).contains("RESULT row " + key + "; noted " + key);
    assertRecoveredOnce(workflowId, key, log);
    assertThat(Files.readAllLines(log))
        .as("the transaction's method did not run again")
        .containsExactly(
            BEFORE_TRANSACTION,
            "insert " + key,
            TRANSACTION_RETURNED,
            TRANSACTION_RETURNED,
            "noted " + key);
  }

  /** The recovered workflow finished, with one row, one output and both steps recorded. */
  private void assertRecoveredOnce(String workflowId, String key, Path log) throws Exception {
    assertThat(tables.status(workflowId)).isEqualTo("SUCCESS");
    assertThat(rows(key)).as("rows of the transaction").isEqualTo(1);
    assertThat(transactionOutputs(workflowId)).containsExactly("1 " + INSERT);
    assertThat(tables.operations(workflowId))
        .extracting(SystemTables.Operation::functionName)
        .containsExactly(INSERT, NOTE);
    assertThat(Files.readAllLines(log)).containsOnlyOnce("insert " + key);
  }

  private Process startOnce(String workflowId, String key, Path log) throws Exception {
    return start(
        "once",
        output("once"),
        log,
        workflowId,
        key,
        dir.resolve("before").toString(),
        dir.resolve("after").toString());
  }

  /** Lets the workflow past its second wait and recovers it in a new JVM; returns its output. */
  private String recover(String workflowId) throws Exception {
    Files.createFile(dir.resolve("after"));
    Process second = start("recover", output("recover"), dir.resolve("once.log"), workflowId);
    ChildJvm.awaitExit(second, ChildJvm.BOUND, output("recover"));
    return Files.readString(output("recover"));
  }

  private Process start(String mode, Path output, Path log, String... modeArgs) throws Exception {
    List<String> args = new ArrayList<>();
    args.add(mode);
    args.add(db.url());
    args.add(db.applicationUrl());
    args.add(TestPostgres.user());
    args.add(TestPostgres.password());
    args.add(log.toString());
    args.addAll(List.of(modeArgs));
    return ChildJvm.start(
        TransactionCrashWorker.class, ProcessBuilder.Redirect.to(output.toFile()), args);
  }

  private Path output(String mode) {
    return dir.resolve(mode + ".out");
  }

  private @Nullable String recordedName(String workflowId, int functionId) throws SQLException {
    return tables.string(
        "SELECT function_name FROM dbos.operation_outputs"
            + " WHERE workflow_uuid = ? AND function_id = ?",
        workflowId,
        functionId);
  }

  private long rows(String key) throws SQLException {
    return app.count("SELECT count(*) FROM " + ROWS + " WHERE row_key = ?", key);
  }

  /** The workflow's rows of {@code transaction_outputs}, as {@code <function id> <name>}. */
  private List<String> transactionOutputs(String workflowId) throws SQLException {
    return column(
        db.connectToApplicationDatabase(),
        "SELECT function_id || ' ' || function_name FROM "
            + app.transactionOutputs()
            + " WHERE workflow_uuid = ? ORDER BY function_id",
        workflowId);
  }

  /** The first column of a query's rows, on {@code c}, which it closes. */
  private static List<String> column(Connection c, String sql, Object... params)
      throws SQLException {
    try (c;
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<String> values = new ArrayList<>();
        while (rs.next()) {
          values.add(rs.getString(1));
        }
        return values;
      }
    }
  }

  /**
   * A lock that holds up every write of {@code operation_outputs} in the system database, taken by
   * the test: on PostgreSQL a table lock, on SQLite the file's write lock.
   */
  private static final class OperationOutputsLock implements AutoCloseable {
    private final Connection connection;
    private final Backend backend;

    private OperationOutputsLock(Connection connection, Backend backend) {
      this.connection = connection;
      this.backend = backend;
    }

    static OperationOutputsLock take(SystemDatabaseExtension db) throws SQLException {
      Connection c;
      if (db.backend() == Backend.POSTGRES) {
        c = db.connect();
        c.setAutoCommit(false);
      } else {
        Properties props = new Properties();
        props.setProperty("busy_timeout", "30000");
        c = DriverManager.getConnection(db.url(), props);
      }
      try (Statement st = c.createStatement()) {
        st.execute(
            db.backend() == Backend.POSTGRES
                ? "LOCK TABLE dbos.operation_outputs IN EXCLUSIVE MODE"
                : "BEGIN IMMEDIATE");
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      return new OperationOutputsLock(c, db.backend());
    }

    /**
     * Ends the server sessions the killed JVM left behind, before the lock is released: on
     * PostgreSQL a session waiting for the lock would otherwise go on to run its insert. An SQLite
     * writer dies with its process.
     */
    void endSessionsOfTheKilledJvm() throws SQLException {
      if (backend != Backend.POSTGRES) {
        return;
      }
      String others =
          " FROM pg_stat_activity WHERE datname = current_database()"
              + " AND pid <> pg_backend_pid() AND backend_type = 'client backend'";
      try (Statement st = connection.createStatement()) {
        st.executeQuery("SELECT pg_terminate_backend(pid, 30000)" + others).close();
        // The lock's transaction would otherwise keep reading its first view of the sessions.
        st.executeQuery("SELECT pg_stat_clear_snapshot()").close();
        try (ResultSet rs = st.executeQuery("SELECT count(*)" + others)) {
          rs.next();
          assertThat(rs.getLong(1)).as("sessions of the killed JVM left").isZero();
        }
      }
    }

    @Override
    public void close() throws SQLException {
      try (connection;
          Statement st = connection.createStatement()) {
        if (backend == Backend.POSTGRES) {
          connection.rollback();
        } else {
          st.execute("ROLLBACK");
        }
      }
    }
  }
}
