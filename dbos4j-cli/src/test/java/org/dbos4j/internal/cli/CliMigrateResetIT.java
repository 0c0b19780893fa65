package org.dbos4j.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.dbos4j.BothBackends;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.TestPostgres;
import org.dbos4j.internal.sysdb.SchemaMigrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code dbos4j migrate} and {@code dbos4j reset}, run from the packaged jar. */
@BothBackends
class CliMigrateResetIT {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private CliProcess cli() {
    return new CliProcess();
  }

  private String[] connection(String... command) {
    String[] args = new String[command.length + 6];
    System.arraycopy(command, 0, args, 0, command.length);
    int i = command.length;
    args[i++] = "--url";
    args[i++] = db.url();
    args[i++] = "--user";
    args[i++] = TestPostgres.user();
    args[i++] = "--password";
    args[i] = TestPostgres.password();
    return args;
  }

  private int schemaVersion() throws Exception {
    try (Connection c = db.connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX(version) FROM dbos.dbos4j_migrations")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void migrateCreatesTheDatabaseAndSchemaAndAgainChangesNothing() throws Exception {
    assertThat(db.databaseExists()).isFalse();

    CliProcess.Result first = cli().run(connection("migrate"));

    assertThat(first.exitCode()).as(first.toString()).isZero();
    int latest = SchemaMigrations.latestVersion();
    assertThat(first.out())
        .isEqualTo("System database " + db.url() + " is at schema version " + latest + ".\n");
    assertThat(first.err()).isEmpty();
    assertThat(schemaVersion()).isEqualTo(latest);

    CliProcess.Result again = cli().run(connection("migrate"));
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).isEqualTo(first.out());
    assertThat(schemaVersion()).isEqualTo(latest);
  }

  @Test
  void aSchemaNewerThanThisDbos4jIsReportedNotDowngraded() throws Exception {
    assertThat(cli().run(connection("migrate")).exitCode()).isZero();
    int newer = SchemaMigrations.latestVersion() + 1;
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO dbos.dbos4j_migrations (version, applied_at) VALUES (" + newer + ", 0)");
    }

    for (String command : List.of("migrate", "workflow list")) {
      CliProcess.Result result = cli().run(connection(command.split(" ")));
      assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
      assertThat(result.err())
          .isEqualTo(
              "dbos4j: The system database at "
                  + db.url()
                  + " has schema version "
                  + newer
                  + ", newer than version "
                  + SchemaMigrations.latestVersion()
                  + " that this dbos4j knows; use the dbos4j version of the applications that"
                  + " migrated it\n");
      assertThat(result.out()).isEmpty();
    }
    assertThat(schemaVersion()).isEqualTo(newer);
  }

  @Test
  void connectionComesFromTheEnvironmentVariablesOfDbosConfig() throws Exception {
    CliProcess.Result result =
        cli()
            .env("DBOS_SYSTEM_DATABASE_URL", db.url())
            .env("DBOS_DATABASE_USER", TestPostgres.user())
            .env("DBOS_DATABASE_PASSWORD", TestPostgres.password())
            .run("migrate");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains(db.url());
    assertThat(db.databaseExists()).isTrue();
  }

  @Test
  void resetWithYesDropsTheSystemDatabase() throws Exception {
    assertThat(cli().run(connection("migrate")).exitCode()).isZero();

    CliProcess.Result result = cli().run(connection("reset", "--yes"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).isEqualTo("Dropped the system database " + db.url() + ".\n");
    assertThat(db.databaseExists()).isFalse();
  }

  @Test
  void resetAsksAndDropsOnlyWhenTheAnswerIsYes() throws Exception {
    assertThat(cli().run(connection("migrate")).exitCode()).isZero();

    CliProcess.Result refused = cli().input("no\n").run(connection("reset"));
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err())
        .contains("Type 'yes' to go on")
        .contains("reset not confirmed; nothing was dropped");
    assertThat(db.databaseExists()).isTrue();

    CliProcess.Result noAnswer = cli().run(connection("reset"));
    assertThat(noAnswer.exitCode()).as(noAnswer.toString()).isEqualTo(1);
    assertThat(db.databaseExists()).isTrue();

    CliProcess.Result confirmed = cli().input("yes\n").run(connection("reset"));
    assertThat(confirmed.exitCode()).as(confirmed.toString()).isZero();
    assertThat(db.databaseExists()).isFalse();
  }
}
