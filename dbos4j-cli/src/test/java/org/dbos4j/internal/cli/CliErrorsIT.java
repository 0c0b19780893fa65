package org.dbos4j.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What scripts can rely on when a command fails: one line on stderr naming what failed, the exit
 * codes of {@code --help}, and never the password, whatever carried it.
 */
class CliErrorsIT {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final String SECRET = "s3cret-Pa55word";

  @Test
  void helpListsTheCommandsAndExitCodes() throws Exception {
    CliProcess.Result result = new CliProcess().run("--help");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out())
        .contains("migrate", "reset", "Exit codes:", "DBOS_SYSTEM_DATABASE_URL")
        .containsPattern("(?m)^  0 +Success")
        .containsPattern("(?m)^  1 +Failure")
        .containsPattern("(?m)^  2 +No workflow has the ID given")
        .containsPattern("(?m)^  64 +Usage error");
  }

  @Test
  void usageErrorsExitWith64() throws Exception {
    CliProcess.Result groupAlone = new CliProcess().run("workflow");
    assertThat(groupAlone.exitCode()).as(groupAlone.toString()).isEqualTo(64);
    assertThat(groupAlone.err())
        .startsWith("dbos4j: Missing a command after 'dbos4j workflow': one of list, get,");

    CliProcess.Result unknownCommand = new CliProcess().run("frobnicate");
    assertThat(unknownCommand.exitCode()).as(unknownCommand.toString()).isEqualTo(64);
    assertThat(unknownCommand.err()).contains("'frobnicate'", "Try 'dbos4j --help'");
    assertThat(unknownCommand.out()).isEmpty();

    CliProcess.Result unknownOption = new CliProcess().run("migrate", "--frobnicate");
    assertThat(unknownOption.exitCode()).as(unknownOption.toString()).isEqualTo(64);
    assertThat(unknownOption.err()).contains("--frobnicate", "Try 'dbos4j migrate --help'");

    CliProcess.Result badState = new CliProcess().run("workflow", "list", "--status", "DONE");
    assertThat(badState.exitCode()).as(badState.toString()).isEqualTo(64);
    assertThat(badState.err()).contains("'--status'", "SUCCESS", "'DONE'");

    // picocli quotes a bad value; when it is the password, the password is masked all the same
    CliProcess.Result quoted =
        new CliProcess().run("workflow", "list", "--password", SECRET, "--limit", SECRET);
    assertThat(quoted.exitCode()).as(quoted.toString()).isEqualTo(64);
    assertThat(quoted.err()).contains("'--limit'", "'****'").doesNotContain(SECRET);

    CliProcess.Result noCommand = new CliProcess().run();
    assertThat(noCommand.exitCode()).as(noCommand.toString()).isEqualTo(64);
  }

  @Test
  void noDatabaseGivenIsAUsageError() throws Exception {
    CliProcess.Result result = new CliProcess().run("migrate");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(64);
    assertThat(result.err())
        .startsWith(
            "dbos4j: No system database given: use --url JDBC_URL or set"
                + " DBOS_SYSTEM_DATABASE_URL");
  }

  @Test
  void withoutAUrlTheApplicationNameGivesItsDefaultSqliteFile() throws Exception {
    Path dir = Files.createDirectories(Paths.get("target", "cli-app-name"));
    Files.deleteIfExists(dir.resolve("orders_app.sqlite"));

    CliProcess.Result result =
        new CliProcess().directory(dir).env("DBOS_APP_NAME", "orders app").run("migrate");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).startsWith("System database jdbc:sqlite:orders_app.sqlite is at");
    assertThat(dir.resolve("orders_app.sqlite")).exists();
  }

  @Test
  void unsupportedUrlNamesTheUrl() throws Exception {
    CliProcess.Result result =
        new CliProcess().run("migrate", "--url", "jdbc:mysql://127.0.0.1/orders");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "dbos4j: Unsupported database URL jdbc:mysql://127.0.0.1/orders: dbos4j supports"
                + " jdbc:postgresql://host[:port]/database and jdbc:sqlite:<file>\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void unreachableServerNamesTheUrlButNotThePassword() throws Exception {
    // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    String url = "jdbc:postgresql://127.0.0.1:1/orders_dbos_sys";

    CliProcess.Result result =
        new CliProcess().run("migrate", "--url", url, "--user", "alice", "--password", SECRET);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("dbos4j: Cannot prepare the system database at " + url + " as user 'alice': ")
        .contains("refused")
        .doesNotContain(SECRET);
    assertThat(result.out()).isEmpty();
  }

  @Test
  void passwordInTheUrlIsMasked() throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:1/orders_dbos_sys?user=alice&password=" + SECRET;

    CliProcess.Result result = new CliProcess().run("reset", "--yes", "--url", url);

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err())
        .contains("jdbc:postgresql://127.0.0.1:1/orders_dbos_sys?user=alice&password=****")
        .doesNotContain(SECRET);
  }

  @Test
  void wrongPasswordIsReportedWithoutThePassword() throws Exception {
    try (PasswordRefusingServer server = new PasswordRefusingServer()) {
      String url = server.url("orders_dbos_sys");

      // migrate logs in as DBOS.launch() does, the workflow commands as DBOSClient does
      CliProcess.Result byOption =
          new CliProcess().run("migrate", "--url", url, "--user", "alice", "--password", SECRET);
      CliProcess.Result byVariable =
          new CliProcess()
              .env("DBOS_SYSTEM_DATABASE_URL", url)
              .env("DBOS_DATABASE_USER", "alice")
              .env("DBOS_DATABASE_PASSWORD", SECRET)
              .run("workflow", "get", "order-42");

      assertThat(server.passwordsReceived()).as("logins tried").isNotEmpty().containsOnly(SECRET);
      for (CliProcess.Result result : List.of(byOption, byVariable)) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err())
            .startsWith("dbos4j: ")
            .contains(url, "'alice'", "password authentication failed for user \"alice\"")
            .contains("with password '****'")
            .doesNotContain(SECRET);
        assertThat(result.out()).isEmpty();
      }
    }
  }

  @Test
  void credentialsTheServerRefusesAreReportedWithoutThePassword() throws Exception {
    String url = db.url();

    CliProcess.Result result =
        new CliProcess()
            .env("DBOS_DATABASE_PASSWORD", SECRET)
            .run("migrate", "--url", url, "--user", "no_such_dbos4j_user");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err())
        .startsWith(
            "dbos4j: Cannot prepare the system database at "
                + url
                + " as user 'no_such_dbos4j_user': ")
        .contains("no_such_dbos4j_user")
        .doesNotContain(SECRET);
    assertThat(result.out()).isEmpty();
    assertThat(db.databaseExists()).isFalse();
    assertThat(TestPostgres.user()).isNotEqualTo("no_such_dbos4j_user");
  }
}
