package org.dbos4j.examples.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dbos4j.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the example as the README's first command does, twice, each time in a JVM of its own against
 * the same fresh system database (PostgreSQL, and the default SQLite file), and reads what it
 * prints.
 */
class CheckoutAppTest {
  private static final String DATABASE = "dbos4j_test_example";
  private static final String WORKFLOW = "[workflow checkout-order-1001]";
  private static final String RECEIPT =
      "Receipt: Receipt[orderId=order-1001, paymentId=pay-order-1001,"
          + " trackingNumber=TRK-ORDER-1001, stockLeft=98]";

  @TempDir Path workDir;

  @Test
  void onPostgresTheSecondRunOnlyFindsTheReceiptOfTheFirst() throws Exception {
    String url = TestPostgres.freshDatabase(DATABASE);

    runTwice(
        Map.of(
            "DBOS_SYSTEM_DATABASE_URL", url,
            "DBOS_DATABASE_USER", TestPostgres.user(),
            "DBOS_DATABASE_PASSWORD", TestPostgres.password()));
  }

  @Test
  void byDefaultOnSqliteInTheWorkingDirectoryTheSecondRunOnlyFindsTheReceiptOfTheFirst()
      throws Exception {
    runTwice(Map.of());

    assertThat(workDir.resolve("checkout-example.sqlite")).isNotEmptyFile();
  }

  private void runTwice(Map<String, String> env) throws Exception {
    Run first = runExample(env, "first");
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
            "  " + WORKFLOW + " status: SHIPPING",
            "  [step] e-mailing the receipt for order-1001 (payment pay-order-1001, tracking"
                + " TRK-ORDER-1001)",
            "  " + WORKFLOW + " status: AWAITING_REVIEW",
            "  [step] e-mailing a reminder: how do you like order-1001?",
            "  " + WORKFLOW + " status: COMPLETED",
            "Storefront: the order page shows COMPLETED",
            "Storefront: tracking number TRK-ORDER-1001",
            RECEIPT,
            "Card charge attempts in this run: 2; the card was charged once")
        .filteredOn(line -> line.contains("[step] charging"))
        .hasSize(2);

    Run second = runExample(env, "second");
    assertThat(second.exitCode()).as(second.describe()).isZero();
    assertThat(second.lines())
        .as(second.describe())
        .containsSubsequence(
            "Workflow checkout-order-1001 already exists and is SUCCESS: an earlier run processed"
                + " order-1001, so nothing runs again and no confirmation is needed",
            "Storefront: the order page shows COMPLETED",
            RECEIPT,
            "Card charge attempts in this run: 0 (the order was paid in an earlier run)")
        .noneMatch(line -> line.contains("[step]"))
        .noneMatch(line -> line.contains("[workflow"))
        .noneMatch(line -> line.contains("clicks the confirmation link"));
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
   * #workDir}, with {@code env} as its only {@code DBOS_*} variables.
   */
  private Run runExample(Map<String, String> env, String name) throws Exception {
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
    CompletableFuture<String> stdout =
        CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      fail(
          "the %s run did not end within 2 minutes; its output:%n%s%nits log:%n%s",
          name, stdout.get(10, TimeUnit.SECONDS), Files.readString(stderr));
    }
    return new Run(
        name,
        process.exitValue(),
        stdout.get(10, TimeUnit.SECONDS).lines().toList(),
        Files.readString(stderr));
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
