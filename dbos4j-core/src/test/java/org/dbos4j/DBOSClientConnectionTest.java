package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.dbos4j.internal.sysdb.SchemaMigrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@link DBOSClient} opens a system database as it finds it: it never creates the database or its
 * tables and never migrates them, and tells what is wrong, naming the URL but never the password.
 */
@BothBackends
class DBOSClientConnectionTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);

  private static DBOSClient.Builder client(String url) {
    return DBOSClient.builder()
        .systemDatabaseUrl(url)
        .user(TestPostgres.user())
        .password(TestPostgres.password());
  }

  private void createSchema() {
    DBOS.configure(db.config().build());
    DBOS.launch();
    DBOS.shutdown();
  }

  @Test
  void aMissingDatabaseIsNotCreated() throws Exception {
    assertThat(db.databaseExists()).isFalse();
    assertThatThrownBy(() -> client(db.url()).build())
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining(db.url())
        .hasMessageContaining("has no dbos4j schema")
        .hasMessageContaining("dbos4j migrate");
    assertThat(db.databaseExists()).as("the client created nothing").isFalse();
  }

  @Test
  void aDatabaseWithoutTheSchemaIsNotMigrated() throws Exception {
    if (db.backend() == Backend.POSTGRES) {
      try (Connection c = TestPostgres.connectToServer();
          Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE " + db.databaseName());
      }
    } else {
      try (Connection c = db.connect();
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE dbos.unrelated (x INTEGER)");
      }
    }
    assertThatThrownBy(() -> client(db.url()).build())
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining(db.url())
        .hasMessageContaining("has no dbos4j schema");
    assertThat(hasTable("workflow_status")).as("no table created").isFalse();
    assertThat(hasTable("dbos4j_migrations")).as("no table created").isFalse();
  }

  private boolean hasTable(String table) throws Exception {
    String sql =
        db.backend() == Backend.POSTGRES
            ? "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
            : "SELECT count(*) FROM dbos.sqlite_master WHERE type = 'table' AND name = ?";
    return tables.count(sql, table) > 0;
  }

  @Test
  void aNewerSchemaVersionIsRefusedNamingBothVersions() throws Exception {
    createSchema();
    int latest = SchemaMigrations.latestVersion();
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO dbos.dbos4j_migrations (version, applied_at) VALUES ("
              + (latest + 1)
              + ", 0)");
    }
    assertThatThrownBy(() -> client(db.url()).build())
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining(db.url())
        .hasMessageContaining("schema version " + (latest + 1))
        .hasMessageContaining("newer than version " + latest);
    assertThat(
            tables.count("SELECT count(*) FROM dbos.dbos4j_migrations WHERE version > ?", latest))
        .as("the client changed nothing")
        .isEqualTo(1);
  }

  @Test
  void anOlderSchemaVersionIsRefusedAndNotMigrated() throws Exception {
    createSchema();
    int latest = SchemaMigrations.latestVersion();
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute("DELETE FROM dbos.dbos4j_migrations WHERE version = " + latest);
    }
    assertThatThrownBy(() -> client(db.url()).build())
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("schema version " + (latest - 1))
        .hasMessageContaining("older than version " + latest);
    assertThat(
            tables.count("SELECT count(*) FROM dbos.dbos4j_migrations WHERE version = ?", latest))
        .as("the client migrated nothing")
        .isZero();
  }

  @Test
  void aDatabaseWithTheCurrentSchemaOpens() {
    createSchema();
    try (DBOSClient client = client(db.url()).build()) {
      assertThatThrownBy(() -> client.retrieveWorkflow("none"))
          .isInstanceOf(DBOSNonExistentWorkflowException.class);
    }
  }

  /*
   * The test server trusts connections from 127.0.0.1 whatever their password, so refused
   * credentials are shown with a user that does not exist (the server's answer is the same kind of
   * FATAL error a wrong password gets elsewhere).
   */
  @Test
  void refusedCredentialsAreReportedWithTheUrlAndWithoutThePassword() {
    assumeTrue(db.backend() == Backend.POSTGRES, "SQLite files have no credentials");
    createSchema();
    String wrong = "not-the-password-4711";
    assertThatThrownBy(
            () ->
                DBOSClient.builder()
                    .systemDatabaseUrl(db.url())
                    .user("no_such_user_4711")
                    .password(wrong)
                    .build())
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining(db.url())
        .hasMessageContaining("no_such_user_4711")
        .hasMessageNotContaining(wrong);
  }

  @Test
  void anUnreachableServerIsReportedWithTheUrlAndWithoutThePassword() {
    String url = "jdbc:postgresql://127.0.0.1:1/nowhere?password=secret-in-url-4711";
    assertThatThrownBy(() -> client(url).build())
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/nowhere?password=****")
        .hasMessageNotContaining("secret-in-url-4711");
  }

  @Test
  void anUnsupportedUrlIsReportedWithoutThePassword() {
    assertThatThrownBy(() -> client("jdbc:mysql://db/x?password=secret-in-url-4711").build())
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("jdbc:mysql://db/x")
        .hasMessageNotContaining("secret-in-url-4711");
  }

  @Test
  void theBuilderChecksItsSettings() {
    assertThatThrownBy(() -> DBOSClient.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("systemDatabaseUrl");
    assertThatThrownBy(() -> client(db.url()).poolSize(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("poolSize");
    assertThatThrownBy(() -> client(db.url()).fallbackPollInterval(Duration.ofMillis(99)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fallbackPollInterval");
    assertThat(client("jdbc:postgresql://h/d?password=secret-4711").password("pw-4711").toString())
        .doesNotContain("secret-4711")
        .doesNotContain("pw-4711");
  }
}
