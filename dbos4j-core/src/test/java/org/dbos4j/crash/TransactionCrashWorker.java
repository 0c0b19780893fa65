package org.dbos4j.crash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.dbos4j.DBOS;
import org.dbos4j.DBOSConfig;
import org.dbos4j.SetWorkflowID;
import org.dbos4j.StartWorkflowOptions;
import org.dbos4j.Step;
import org.dbos4j.Transaction;
import org.dbos4j.Workflow;
import org.dbos4j.WorkflowHandle;

/**
 * The child JVM of the transaction crash tests, which kill it with SIGKILL and start it again.
 *
 * <p>Arguments: mode, system database URL, application database URL, user, password, log file, then
 * by mode:
 *
 * <ul>
 *   <li>{@code once} workflow ID, row key, after file: runs {@code insertOnce}, which never returns
 *       by itself (the test kills the JVM once the transaction returned);
 *   <li>{@code recover} workflow ID: launches, which recovers the workflow, and prints its result;
 *   <li>{@code many} count, {@code hold} or {@code exit}: starts workflows {@code many-1} to {@code
 *       many-<count>} running {@code twoTransactions} (or attaches to them where they exist: the
 *       launch has recovered those left pending), waits for them all, prints their results, writes
 *       {@link #ALL_DONE} to the log; then exits, or with {@code hold} waits to be killed.
 * </ul>
 */
public final class TransactionCrashWorker {
  /** Written to the log by {@code insertOnce} each time its transaction returns. */
  static final String TRANSACTION_RETURNED = "transaction-returned";

  /** Written to the log in {@code many} mode once every workflow has finished. */
  static final String ALL_DONE = "all-done";

  /** The table of rows the transactions insert, with no key. */
  static final String ROWS = "crash_rows";

  private TransactionCrashWorker() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String logFile = args[5];
    endWithNewline(Path.of(logFile));
    DBOS.configure(
        DBOSConfig.builder()
            .appName("txn-crash-test")
            .systemDatabaseUrl(args[1])
            .databaseUrl(args[2])
            .user(args[3])
            .password(args[4])
            .appVersion("txn-crash-test-version")
            .executorId("txn-crash-executor")
            .build());
    CrashLedger ledger = DBOS.register(CrashLedger.class, new Ledger());
    CountDownLatch allStarted = new CountDownLatch(1);
    TransactionCrashWorkflows workflows =
        DBOS.register(TransactionCrashWorkflows.class, new Workflows(ledger, allStarted));
    DBOS.launch();
    switch (mode) {
      case "once" -> {
        ledger.createTable(); // outside a workflow: it just runs
        try (SetWorkflowID id = new SetWorkflowID(args[6])) {
          workflows.insertOnce(logFile, args[7], args[8]);
        }
        throw new IllegalStateException("the once mode should have been killed");
      }
      case "recover" -> {
        String result = DBOS.<String>retrieveWorkflow(args[6]).getResult();
        System.out.println("RESULT " + result);
      }
      case "many" -> {
        runMany(ledger, workflows, allStarted, logFile, Integer.parseInt(args[6]));
        if (args[7].equals("hold")) {
          new CountDownLatch(1).await();
        }
      }
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    DBOS.shutdown();
  }

  private static void runMany(
      CrashLedger ledger,
      TransactionCrashWorkflows workflows,
      CountDownLatch allStarted,
      String logFile,
      int count)
      throws SQLException {
    ledger.createTable();
    List<WorkflowHandle<String>> handles = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String id = "many-" + i;
      handles.add(
          DBOS.startWorkflow(
              () -> workflows.twoTransactions(logFile, id),
              StartWorkflowOptions.builder().workflowId(id).build()));
    }
    allStarted.countDown();
    for (WorkflowHandle<String> handle : handles) {
      System.out.println("RESULT " + handle.workflowId() + " " + handle.getResult());
    }
    appendLine(logFile, ALL_DONE);
  }

  /** A line the last kill cut short gets its end, so that the next line is a line of its own. */
  private static void endWithNewline(Path file) throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return;
    }
    byte[] last = new byte[1];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.read(ByteBuffer.wrap(last), ch.size() - 1);
    }
    if (last[0] != '\n') {
      Files.writeString(file, "\n", StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    }
  }

  static void appendLine(String file, String line) {
    CrashWorker.appendLine(file, line);
  }

  static final class Ledger implements CrashLedger {
    @Transaction
    @Override
    public void createTable() throws SQLException {
      try (Statement st = DBOS.sqlSession().createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS " + ROWS + " (row_key TEXT NOT NULL)");
      }
    }

    @Transaction
    @Override
    public String insert(String logFile, String key) throws SQLException {
      appendLine(logFile, "insert " + key);
      try (PreparedStatement ps =
          DBOS.sqlSession().prepareStatement("INSERT INTO " + ROWS + " (row_key) VALUES (?)")) {
        ps.setString(1, key);
        ps.executeUpdate();
      }
      return "row " + key;
    }

    @Step
    @Override
    public String note(String logFile, String key) {
      appendLine(logFile, "noted " + key);
      return "noted " + key;
    }
  }

  static final class Workflows implements TransactionCrashWorkflows {
    private final CrashLedger ledger;
    private final CountDownLatch allStarted;

    /**
     * @param allStarted opened once every workflow of {@code many} mode is started (or attached
     *     to), so that they all run at once
     */
    Workflows(CrashLedger ledger, CountDownLatch allStarted) {
      this.ledger = ledger;
      this.allStarted = allStarted;
    }

    @Workflow
    @Override
    public String insertOnce(String logFile, String key, String afterFile) throws SQLException {
      String row = ledger.insert(logFile, key);
      appendLine(logFile, TRANSACTION_RETURNED);
      // Not a step: passes at once on replay, where the test made the file first.
      CrashWorker.awaitFile(Path.of(afterFile));
      return row + "; " + ledger.note(logFile, key);
    }

    @Workflow
    @Override
    public String twoTransactions(String logFile, String key) throws SQLException {
      try {
        allStarted.await(); // not a step: the workflow runs the same after it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted before it started", e);
      }
      String first = ledger.insert(logFile, key + "/1");
      String noted = ledger.note(logFile, key);
      String second = ledger.insert(logFile, key + "/2");
      return first + "; " + noted + "; " + second;
    }
  }
}
