package org.dbos4j.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.dbos4j.DBOS;
import org.dbos4j.DBOSConfig;
import org.dbos4j.SetWorkflowID;
import org.dbos4j.Step;
import org.dbos4j.Transaction;
import org.dbos4j.Workflow;
import org.jspecify.annotations.Nullable;

/**
 * The child JVM of the transaction crash tests, which kill it with SIGKILL and start it again.
 *
 * <p>Arguments: mode, system database URL, application database URL, user, password, log file, then
 * by mode:
 *
 * <ul>
 *   <li>{@code once} workflow ID, row key, before file, after file: runs {@code insertOnce}, which
 *       never returns by itself (the test kills the JVM once the transaction returned);
 *   <li>{@code recover} workflow ID: launches, which recovers the workflow, and prints its result.
 * </ul>
 */
public final class TransactionCrashWorker {
  /** Written to the log when {@code insertOnce} waits for its before file. */
  static final String BEFORE_TRANSACTION = "before-transaction";

  /** Written to the log by {@code insertOnce} each time its transaction returns. */
  static final String TRANSACTION_RETURNED = "transaction-returned";

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
    TransactionCrashWorkflows workflows =
        DBOS.register(TransactionCrashWorkflows.class, new Workflows(ledger));
    DBOS.launch();
    switch (mode) {
      case "once" -> {
        ledger.createTable(); // outside a workflow: it just runs
        try (SetWorkflowID id = new SetWorkflowID(args[6])) {
          workflows.insertOnce(logFile, args[7], args[8], args[9]);
        }
        throw new IllegalStateException("the once mode should have been killed");
      }
      case "recover" -> {
        String result = DBOS.<String>retrieveWorkflow(args[6]).getResult();
        System.out.println("RESULT " + result);
      }
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    DBOS.shutdown();
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
    try {
      Files.writeString(
          Path.of(file),
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

    Workflows(CrashLedger ledger) {
      this.ledger = ledger;
    }

    @Workflow
    @Override
    public String insertOnce(String logFile, String key, String beforeFile, String afterFile)
        throws SQLException {
      waitFor(Path.of(beforeFile), logFile, BEFORE_TRANSACTION);
      String row = ledger.insert(logFile, key);
      appendLine(logFile, TRANSACTION_RETURNED);
      waitFor(Path.of(afterFile), logFile, null);
      return row + "; " + ledger.note(logFile, key);
    }

    /**
     * Not a step: waits until {@code file} exists, first writing {@code announce} (if not null) to
     * the log; passes at once where the file exists, as on replay, where the test made it first.
     */
    private static void waitFor(Path file, String logFile, @Nullable String announce) {
      if (Files.exists(file)) {
        return;
      }
      if (announce != null) {
        appendLine(logFile, announce);
      }
      while (!Files.exists(file)) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
