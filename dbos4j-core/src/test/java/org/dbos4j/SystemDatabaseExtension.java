package org.dbos4j;

import java.util.Locale;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test class its own PostgreSQL system database, dropped before every test so that each
 * test starts from an empty database, and shuts DBOS down after every test.
 *
 * <pre>{@code
 * @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();
 * ...
 * DBOS.configure(db.config().build());
 * }</pre>
 *
 * <p>The server is {@code 127.0.0.1:5432} as user {@code postgres}; {@code DBOS4J_TEST_PG_URL} (a
 * server URL such as {@code jdbc:postgresql://host:5432}), {@code DBOS4J_TEST_PG_USER} and {@code
 * DBOS4J_TEST_PG_PASSWORD} override them.
 */
public final class SystemDatabaseExtension implements BeforeEachCallback, AfterEachCallback {
  private String databaseName = "dbos4j_test";

  /** The server URL, without a database name. */
  public static String serverUrl() {
    return env("DBOS4J_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432");
  }

  public static String user() {
    return env("DBOS4J_TEST_PG_USER", "postgres");
  }

  public static String password() {
    return env("DBOS4J_TEST_PG_PASSWORD", "dbos");
  }

  /** The JDBC URL of this test class's system database. */
  public String url() {
    return serverUrl() + "/" + databaseName;
  }

  public String databaseName() {
    return databaseName;
  }

  /** A configuration builder preset for this test class's system database. */
  public DBOSConfig.Builder config() {
    return DBOSConfig.builder()
        .appName("dbos4j-test")
        .systemDatabaseUrl(url())
        .user(user())
        .password(password())
        .appVersion("test-version");
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    databaseName =
        "dbos4j_test_" + context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
    DBOS.shutdown();
    DBOS.configure(config().build());
    DBOS.resetSystemDatabase();
    DBOS.shutdown();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    DBOS.shutdown();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
