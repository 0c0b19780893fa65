package org.dbos4j.examples.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dbos4j.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the example as the README's first command does, twice, each time in a JVM of its own against
 * the same fresh databases (PostgreSQL, and the default SQLite file), reads what it prints, and
 * looks in the application database for the order's row and its transaction's checkpoint. The first
 * run is either left to finish or killed once the order is recorded; either way the second finishes
 * the checkout and the {@code orders} table holds the order once.
 */
class CheckoutAppTest {
  private static final String DATABASE = "dbos4j_test_example";
  private static final String APPLICATION_DATABASE = "dbos4j_test_example_app";
  private static final String WORKFLOW_ID = "checkout-order-1001";
  private static final String WORKFLOW = "[workflow " + WORKFLOW_ID + "]";
  private static final String INSERTED =
      "  [transaction] inserted order-1001 into the orders table (a @Transaction: the row and its"
          + " checkpoint commit together)";
  private static final String ORDER_ROW =
      "Storefront: the orders table has order-1001: 2 x sku-blue-mug, 2598 cents, payment"
          + " pay-order-1001, confirmed by alice@example.com";
  private static final String RECEIPT =
      "Receipt: Receipt[orderId=order-1001, paymentId=pay-order-1001,"
          + " trackingNumber=TRK-ORDER-1001, stockLeft=98]";

  @TempDir Path workDir;

  @Test
  void onPostgresTheSecondRunOnlyFindsTheReceiptAndTheRowOfTheFirst() throws Exception {
    String url = TestPostgres.freshDatabase(DATABASE);
    String applicationUrl = TestPostgres.freshDatabase(APPLICATION_DATABASE);

    runTwice(
        Map.of(
            "DBOS_SYSTEM_DATABASE_URL",
            url,
            "DBOS_DATABASE_URL",
            applicationUrl,
            "DBOS_DATABASE_USER",
            TestPostgres.user(),
            "DBOS_DATABASE_PASSWORD",
            TestPostgres.password()),
        ApplicationDatabase.postgres(applicationUrl));
  }

  @Test
  void byDefaultOnSqliteInTheWorkingDirectoryTheSecondRunOnlyFindsTheReceiptAndTheRowOfTheFirst()
      throws Exception {
    runTwice(Map.of(), ApplicationDatabase.defaultSqliteFile(workDir));

    assertThat(workDir.resolve("checkout-example.sqlite")).isNotEmptyFile();
  }

  @Test
  void byDefaultOnSqliteARunKilledAfterTheTransactionIsResumedWithoutRunningItAgain()
      throws Exception {
    killThenResume(Map.of(), ApplicationDatabase.defaultSqliteFile(workDir));
  }

  @Test
  void onPostgresWithOneDatabaseARunKilledAfterTheTransactionIsResumedWithoutRunningItAgain()
      throws Exception {
    String url = TestPostgres.freshDatabase(DATABASE);

    // Without DBOS_DATABASE_URL, the orders table goes in the system database.
    killThenResume(
        Map.of(
            "DBOS_SYSTEM_DATABASE_URL", url,
            "DBOS_DATABASE_USER", TestPostgres.user(),
            "DBOS_DATABASE_PASSWORD", TestPostgres.password()),
        ApplicationDatabase.postgres(url));
  }

  private void runTwice(Map<String, String> env, ApplicationDatabase app) throws Exception {
    Run first = runExample(env, "first", null);
    assertThat(first.exitCode()).as(first.describe()).isZero();
    assertThat(first.lines())
        .as(first.describe())
        .containsSubsequence(
            "  " + WORKFLOW + " status: RECEIVED",
            "  " + WORKFLOW + " status: AWAITING_CONFIRMATION",
            "Storefront: the order page shows AWAITING_CONFIRMATION",
            "Customer alice@example.com clicks the confirmation link",
            "  " + WORKFLOW + " confirmed by alice@example.com",
            "  " + WORKFLOW + " status: PAYING",
            "  [step] charging 2598 cents: the provider timed out, retrying",
            "  [step] charging 2598 cents: accepted on attempt 2",
            INSERTED,
            "  " + WORKFLOW + " status: SHIPPING",
            "  [step] e-mailing the receipt for order-1001 (payment pay-order-1001, tracking"
                + " TRK-ORDER-1001)",
            "  " + WORKFLOW + " status: AWAITING_REVIEW",
            "  [step] e-mailing a reminder: how do you like order-1001?",
            "  " + WORKFLOW + " status: COMPLETED",
            "Storefront: the order page shows COMPLETED",
            "Storefront: tracking number TRK-ORDER-1001",
            ORDER_ROW,
            RECEIPT,
            "Card charge attempts in this run: 2; the card was charged once")
        .filteredOn(line -> line.contains("[step] charging"))
        .hasSize(2);
    assertThat(first.lines())
        .as(first.describe())
        .contains(
            "Storefront: checkout-order-1001 is on queue checkouts (at most 10 checkouts at once,"
                + " in every process)");
    assertRecordedOnce(app);

    Run second = runExample(env, "second", null);
    assertThat(second.exitCode()).as(second.describe()).isZero();
    assertThat(second.lines())
        .as(second.describe())
        .containsSubsequence(
            "Workflow checkout-order-1001 already exists and is SUCCESS: an earlier run processed"
                + " order-1001, so nothing runs again and no confirmation is needed",
            "Storefront: the order page shows COMPLETED",
            ORDER_ROW,
            RECEIPT,
            "Card charge attempts in this run: 0 (the order was paid in an earlier run)")
        .noneMatch(line -> line.contains("[step]"))
        .noneMatch(line -> line.contains("[transaction]"))
        .noneMatch(line -> line.contains("[workflow"))
        .noneMatch(line -> line.contains("clicks the confirmation link"));
    assertRecordedOnce(app);
  }

  /**
   * Kills the first run (as a crash would: no shutdown) once its workflow has gone past the
   * transaction, so that the second run's {@code launch()} resumes the workflow: it replays the
   * transaction from its checkpoint instead of inserting the row again.
   */
  private void killThenResume(Map<String, String> env, ApplicationDatabase app) throws Exception {
    String pastTheTransaction = "  " + WORKFLOW + " status: AWAITING_REVIEW";
    Run killed = runExample(env, "killed", pastTheTransaction);
    assertThat(killed.lines())
        .as(killed.describe())
        .containsSubsequence(
            "  [step] charging 2598 cents: accepted on attempt 2", INSERTED, pastTheTransaction)
        .doesNotContain("  " + WORKFLOW + " status: COMPLETED");
    assertRecordedOnce(app);

    Run resumed = runExample(env, "resumed", null);
    assertThat(resumed.exitCode()).as(resumed.describe()).isZero();
    assertThat(resumed.lines())
        .as(resumed.describe())
        .containsSubsequence(
            "  [step] e-mailing a reminder: how do you like order-1001?",
            "  " + WORKFLOW + " status: COMPLETED",
            "Storefront: the order page shows COMPLETED",
            ORDER_ROW,
            RECEIPT,
            "Card charge attempts in this run: 0 (the order was paid in an earlier run)")
        .noneMatch(line -> line.contains("[transaction]"))
        .noneMatch(line -> line.contains("[step] charging"))
        .noneMatch(line -> line.contains("clicks the confirmation link"));
    assertRecordedOnce(app);
  }

  /**
   * The {@code orders} table holds order 1001 once, and {@code transaction_outputs} the checkpoint
   * of the one transaction of its workflow.
   */
  private static void assertRecordedOnce(ApplicationDatabase app) throws SQLException {
    try (Connection c = app.connect()) {
      assertThat(
              strings(
                  c,
                  "SELECT order_id || ' ' || payment_id FROM orders WHERE order_id = ?",
                  "order-1001"))
          .containsExactly("order-1001 pay-order-1001");
      assertThat(
              strings(
                  c,
                  "SELECT function_name FROM "
                      + app.transactionOutputs()
                      + " WHERE workflow_uuid = ?",
                  WORKFLOW_ID))
          .containsExactly("SqlOrderBook.record");
    }
  }

  private static List<String> strings(Connection c, String sql, String parameter)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, parameter);
      List<String> values = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
      return values;
    }
  }

  /** Where the example keeps its orders, reached with plain JDBC. */
  private record ApplicationDatabase(
      String url, String user, String password, String transactionOutputs) {
    static ApplicationDatabase postgres(String url) {
      return new ApplicationDatabase(
          url, TestPostgres.user(), TestPostgres.password(), "dbos.transaction_outputs");
    }

    /** The system database's file, which is the application database too by default. */
    static ApplicationDatabase defaultSqliteFile(Path workDir) {
      return new ApplicationDatabase(
          "jdbc:sqlite:" + workDir.resolve("checkout-example.sqlite"),
          null,
          null,
          "transaction_outputs");
    }

    Connection connect() throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }
  }

  private record Run(String name, int exitCode, List<String> lines, String stderr) {
    String describe() {
      return "the "
          + name
          + " run exited with "
          + exitCode
          + "; its output:\n"
          + String.join("\n", lines)
          + "\nits log (stderr):\n"
          + stderr;
    }
  }

  /**
   * Runs {@link CheckoutApp} in a child JVM with this JVM's java binary and class path, in {@link
   * #workDir}, with {@code env} as its only {@code DBOS_*} variables. If {@code killAt} is not
   * null, the run is killed (SIGKILL, no shutdown) as soon as it prints that line.
   */
  private Run runExample(Map<String, String> env, String name, String killAt) throws Exception {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ProcessBuilder builder =
        new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"), CheckoutApp.class.getName());
    builder.directory(workDir.toFile());
    builder.environment().keySet().removeIf(variable -> variable.startsWith("DBOS_"));
    builder.environment().putAll(env);
    Path stderr = workDir.resolve(name + "-stderr.txt");
    builder.redirectError(stderr.toFile());
    Process process = builder.start();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> reachedKillLine = new CompletableFuture<>();
    CompletableFuture<Void> stdout =
        CompletableFuture.runAsync(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                  if (line.equals(killAt)) {
                    reachedKillLine.complete(null);
                  }
                }
              } catch (IOException e) {
                if (!reachedKillLine.isDone()) { // else the kill closed the stream
                  throw new UncheckedIOException(e);
                }
              }
            });
    if (killAt != null) {
      try {
        // Whichever comes first: the line, or the end of the output.
        CompletableFuture.anyOf(reachedKillLine, stdout).get(2, TimeUnit.MINUTES);
      } catch (TimeoutException e) {
        // reported below
      }
      process.destroyForcibly();
      if (!reachedKillLine.isDone()) {
        process.waitFor();
        fail(
            "the %s run never printed '%s'; its output:%n%s%nits log:%n%s",
            name, killAt, String.join("\n", lines), Files.readString(stderr));
      }
    }
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      fail(
          "the %s run did not end within 2 minutes; its output:%n%s%nits log:%n%s",
          name, String.join("\n", lines), Files.readString(stderr));
    }
    stdout.get(10, TimeUnit.SECONDS);
    return new Run(name, process.exitValue(), List.copyOf(lines), Files.readString(stderr));
  }
}
