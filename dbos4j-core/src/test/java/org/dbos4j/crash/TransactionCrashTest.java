package org.dbos4j.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dbos4j.crash.TransactionCrashWorker.ALL_DONE;
import static org.dbos4j.crash.TransactionCrashWorker.ROWS;
import static org.dbos4j.crash.TransactionCrashWorker.TRANSACTION_RETURNED;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.dbos4j.ApplicationTables;
import org.dbos4j.BothBackends;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.SystemTables;
import org.dbos4j.TestPostgres;
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
 * later, by the end of its workflow at the latest: one test kills the JVM between the two, and one
 * kills 50 workflows of two transactions and a step each at random points of their log, five times.
 */
@BothBackends
class TransactionCrashTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  /** Set to the seed a failed run printed to kill at the same points of its log again. */
  static final String SEED_PROPERTY = "dbos4j.crashSeed";

  private static final int WORKFLOWS = 50;
  private static final int KILLS = 5;

  /** The least number of lines the workflows write: one per transaction and step. */
  private static final int LINES = 3 * WORKFLOWS;

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

    Process first = startOnce(workflowId, key, log);
    ChildJvm.awaitLine(log, TRANSACTION_RETURNED, first);
    ChildJvm.kill(first);
    assertThat(tables.status(workflowId)).isEqualTo("PENDING");
    assertThat(tables.operations(workflowId))
        .as("the system database's record of the transaction waits for the workflow's end")
        .isEmpty();
    assertThat(rows(key)).isEqualTo(1);
    assertThat(transactionOutputs(workflowId)).containsExactly("1 " + INSERT);

    String result = recover(workflowId);

    assertThat(result).contains("RESULT row " + key + "; noted " + key);
    assertRecoveredOnce(workflowId, key, log);
    assertThat(Files.readAllLines(log))
        .as("the transaction's method did not run again")
        .containsExactly(
            "insert " + key, TRANSACTION_RETURNED, TRANSACTION_RETURNED, "noted " + key);
  }

  @Test
  void workflowsKilledAtRandomPointsCommitEachOfTheirTransactionsOnce() throws Exception {
    long seed = Long.getLong(SEED_PROPERTY, ThreadLocalRandom.current().nextLong());
    String seedNote =
        "seed " + seed + " (rerun with -D" + SEED_PROPERTY + "=" + seed + "), files in " + dir;
    System.out.println("TransactionCrashTest on " + db.backend() + ": " + seedNote);
    Random random = new Random(seed);
    Path log = dir.resolve("many.log");

    // Kill points spread over the lines that the workflows write at least; each run writes one
    // line at least before its kill, so that the workflows advance.
    int[] killPoints = random.ints(KILLS, 1, LINES).sorted().toArray();
    List<String> kills = new ArrayList<>();
    List<Integer> runStarts = new ArrayList<>();
    for (int run = 1; run <= KILLS; run++) {
      runStarts.add(lines(log));
      int target = Math.max(killPoints[run - 1], runStarts.get(run - 1) + 1);
      Process child = startMany(run, log, true);
      ChildJvm.awaitInChild(
          "the log reached " + target + " lines, " + seedNote,
          child,
          () -> lines(log) >= target || finished(log) ? true : null);
      ChildJvm.kill(child);
      kills.add(
          "kill "
              + run
              + " at line "
              + lines(log)
              + " (aimed at "
              + target
              + "): "
              + tables.count("SELECT count(*) FROM dbos.workflow_status WHERE status = 'PENDING'")
              + " workflows pending, "
              + rowCount()
              + " rows, "
              + onlyInTheApplicationDatabase()
              + " transactions recorded in the application database only");
    }
    runStarts.add(lines(log));
    Process last = startMany(KILLS + 1, log, false);
    ChildJvm.awaitExit(last, ChildJvm.BOUND, output(KILLS + 1));
    List<String> logLines = Files.readAllLines(log);
    String description =
        seedNote
            + "; "
            + String.join("; ", kills)
            + "; at most "
            + mostAttemptsInOneRun(logLines, runStarts)
            + " attempts of one transaction in one run";
    System.out.println("TransactionCrashTest on " + db.backend() + ": " + description);

    Map<String, String> expectedStatuses = new LinkedHashMap<>();
    Map<String, String> expectedRows = new LinkedHashMap<>();
    List<String> expectedResults = new ArrayList<>();
    List<String> expectedOutputs = new ArrayList<>();
    for (int i = 1; i <= WORKFLOWS; i++) {
      String id = "many-" + i;
      expectedStatuses.put(id, "SUCCESS");
      expectedRows.put(id + "/1", "1");
      expectedRows.put(id + "/2", "1");
      expectedResults.add("RESULT " + id + " row " + id + "/1; noted " + id + "; row " + id + "/2");
      expectedOutputs.add(id + " 1 " + INSERT);
      expectedOutputs.add(id + " 3 " + INSERT);
    }
    assertThat(
            stringsBy(tables.connect(), "SELECT workflow_uuid, status FROM dbos.workflow_status"))
        .as(description)
        .containsExactlyInAnyOrderEntriesOf(expectedStatuses);
    assertThat(
            stringsBy(
                db.connectToApplicationDatabase(),
                "SELECT row_key, CAST(count(*) AS TEXT) FROM " + ROWS + " GROUP BY row_key"))
        .as("rows by key, " + description)
        .containsExactlyInAnyOrderEntriesOf(expectedRows);
    assertThat(Files.readAllLines(output(KILLS + 1))).as(description).containsAll(expectedResults);
    assertThat(
            column(
                db.connectToApplicationDatabase(),
                "SELECT workflow_uuid || ' ' || function_id || ' ' || function_name FROM "
                    + app.transactionOutputs()))
        .as(description)
        .containsExactlyInAnyOrderElementsOf(expectedOutputs);
    for (int i = 1; i <= WORKFLOWS; i++) {
      String id = "many-" + i;
      assertThat(tables.operations(id))
          .as(id + ", " + description)
          .extracting(SystemTables.Operation::functionName)
          .containsExactly(INSERT, NOTE, INSERT);
      // A step runs again only where a kill cut it short: once per run at most.
      assertThat(logLines.stream().filter(("noted " + id)::equals).count())
          .as("runs of the step of " + id + ", " + description)
          .isBetween(1L, KILLS + 1L);
    }
  }

  /**
   * The most times one transaction ran in one JVM, from its lines in the log: a transaction that a
   * conflict rolls back runs again, up to 20 times.
   */
  private static int mostAttemptsInOneRun(List<String> logLines, List<Integer> runStarts) {
    int most = 0;
    for (int run = 0; run < runStarts.size(); run++) {
      int to = run + 1 < runStarts.size() ? runStarts.get(run + 1) : logLines.size();
      Map<String, Integer> attempts = new HashMap<>();
      for (String line : logLines.subList(runStarts.get(run), Math.min(to, logLines.size()))) {
        if (line.startsWith("insert ")) {
          most = Math.max(most, attempts.merge(line, 1, Integer::sum));
        }
      }
    }
    return most;
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
    return start("once", output("once"), log, workflowId, key, dir.resolve("after").toString());
  }

  /** Lets the workflow past its second wait and recovers it in a new JVM; returns its output. */
  private String recover(String workflowId) throws Exception {
    Files.createFile(dir.resolve("after"));
    Process second = start("recover", output("recover"), dir.resolve("once.log"), workflowId);
    ChildJvm.awaitExit(second, ChildJvm.BOUND, output("recover"));
    return Files.readString(output("recover"));
  }

  private Process startMany(int run, Path log, boolean hold) throws Exception {
    return start("many", output(run), log, String.valueOf(WORKFLOWS), hold ? "hold" : "exit");
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

  private Path output(int run) {
    return output("many-" + run);
  }

  /** The complete lines of {@code log}: a line the kill cut short is not one. */
  private static int lines(Path log) throws Exception {
    if (!Files.exists(log)) {
      return 0;
    }
    int lines = 0;
    for (byte b : Files.readAllBytes(log)) {
      if (b == '\n') {
        lines++;
      }
    }
    return lines;
  }

  /** Whether the child JVM wrote that every workflow finished. */
  private static boolean finished(Path log) throws Exception {
    return Files.exists(log) && Files.readAllLines(log).contains(ALL_DONE);
  }

  private long rows(String key) throws SQLException {
    return app.count("SELECT count(*) FROM " + ROWS + " WHERE row_key = ?", key);
  }

  private long rowCount() throws SQLException {
    return app.count("SELECT count(*) FROM " + ROWS);
  }

  /** How many transactions {@code transaction_outputs} holds that the system database does not. */
  private long onlyInTheApplicationDatabase() throws SQLException {
    String positions = "SELECT workflow_uuid || ' ' || function_id FROM ";
    List<String> committed =
        column(db.connectToApplicationDatabase(), positions + app.transactionOutputs());
    committed.removeAll(column(tables.connect(), positions + "dbos.operation_outputs"));
    return committed.size();
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

  /** A query's rows as a map from the first column to the second, on {@code c}, which it closes. */
  private static Map<String, String> stringsBy(Connection c, String sql) throws SQLException {
    try (c;
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      Map<String, String> values = new LinkedHashMap<>();
      while (rs.next()) {
        values.put(rs.getString(1), rs.getString(2));
      }
      return values;
    }
  }
}
