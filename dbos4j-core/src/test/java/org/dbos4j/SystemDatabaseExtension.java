package org.dbos4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives each test class its own system database, emptied before every test, and shuts DBOS down
 * after every test. The database is on PostgreSQL, or, while a {@link BothBackends} class runs its
 * SQLite round, in an SQLite file under {@code target/sqlite-tests}.
 *
 * <pre>{@code
 * @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();
 * ...
 * DBOS.configure(db.config().build());
 * }</pre>
 *
 * <p>The server is {@code 127.0.0.1:5432} as user {@code postgres}; {@code DBOS4J_TEST_PG_URL} (a
 * server URL such as {@code jdbc:postgresql://host:5432}), {@code DBOS4J_TEST_PG_USER} and {@code
 * DBOS4J_TEST_PG_PASSWORD} override them. When no server answers there, the PostgreSQL tests are
 * skipped with a notice, except with {@code CI=true}, where they fail.
 */
public final class SystemDatabaseExtension
    implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private static final Path SQLITE_DIRECTORY = Paths.get("target", "sqlite-tests");

  private static volatile Backend current = Backend.POSTGRES;
  private static volatile String unreachableReason;
  private static volatile boolean reachabilityChecked;

  private String databaseName = "dbos4j_test";

  /** Makes the extensions hand out databases of {@code backend}, until the class ends. */
  static void use(Backend backend) {
    current = backend;
  }

  /** The backend of the running test. */
  public static Backend backend() {
    return current;
  }

  /** The PostgreSQL server URL, without a database name. */
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
    if (current == Backend.SQLITE) {
      return "jdbc:sqlite:" + SQLITE_DIRECTORY.resolve(databaseName + ".sqlite").toAbsolutePath();
    }
    return serverUrl() + "/" + databaseName;
  }

  /** The PostgreSQL database name, or the SQLite file's base name. */
  public String databaseName() {
    return databaseName;
  }

  /**
   * A plain JDBC connection to this test class's system database, on which the system tables are
   * {@code dbos.<table>} on both backends, as DBOS itself names them.
   */
  public Connection connect() throws SQLException {
    if (current == Backend.POSTGRES) {
      return DriverManager.getConnection(url(), user(), password());
    }
    Properties props = new Properties();
    props.setProperty("foreign_keys", "true");
    props.setProperty("busy_timeout", "30000");
    Connection c = DriverManager.getConnection("jdbc:sqlite::memory:", props);
    try (Statement st = c.createStatement()) {
      String file = url().substring("jdbc:sqlite:".length());
      st.execute("ATTACH DATABASE '" + file.replace("'", "''") + "' AS dbos");
      return c;
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  /** Whether this test class's system database (or SQLite file) exists. */
  public boolean databaseExists() throws SQLException {
    if (current == Backend.SQLITE) {
      return Files.exists(Paths.get(url().substring("jdbc:sqlite:".length())));
    }
    try (Connection c = DriverManager.getConnection(serverUrl() + "/postgres", user(), password());
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      ps.setString(1, databaseName);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
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
    if (current == Backend.POSTGRES) {
      requirePostgres();
    }
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

  /** A class that is not a {@link BothBackends} template runs on PostgreSQL. */
  @Override
  public void afterAll(ExtensionContext context) {
    current = Backend.POSTGRES;
  }

  /**
   * Skips the test, with a notice, when no PostgreSQL server answers; fails it instead under CI,
   * where a missing server is a broken build, not a developer's laptop.
   */
  private static void requirePostgres() {
    if (!reachabilityChecked) {
      synchronized (SystemDatabaseExtension.class) {
        if (!reachabilityChecked) {
          unreachableReason = probePostgres();
          reachabilityChecked = true;
          if (unreachableReason != null) {
            System.err.println(
                "NOTICE: "
                    + unreachableReason
                    + (isCi()
                        ? " (CI=true, so the PostgreSQL tests fail)"
                        : " (the PostgreSQL tests are SKIPPED: set DBOS4J_TEST_PG_URL, or start"
                            + " a server, to run them)"));
          }
        }
      }
    }
    if (unreachableReason != null) {
      if (isCi()) {
        throw new IllegalStateException(unreachableReason + " (CI=true: PostgreSQL is required)");
      }
      Assumptions.abort(unreachableReason);
    }
  }

  private static String probePostgres() {
    Properties props = new Properties();
    props.setProperty("user", user());
    props.setProperty("password", password());
    props.setProperty("connectTimeout", "5");
    props.setProperty("loginTimeout", "5");
    try (Connection c = DriverManager.getConnection(serverUrl() + "/postgres", props)) {
      return null;
    } catch (SQLException e) {
      return "no PostgreSQL server reachable at " + serverUrl() + ": " + e.getMessage();
    }
  }

  private static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
