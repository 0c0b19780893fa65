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
 * <p>The PostgreSQL server is {@link TestPostgres}'s: when none answers, the PostgreSQL tests are
 * skipped with a notice, except with {@code CI=true}, where they fail.
 */
public final class SystemDatabaseExtension
    implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private static final Path SQLITE_DIRECTORY = Paths.get("target", "sqlite-tests");

  private static volatile Backend current = Backend.POSTGRES;

  private String databaseName = "dbos4j_test";

  /** Makes the extensions hand out databases of {@code backend}, until the class ends. */
  static void use(Backend backend) {
    current = backend;
  }

  /** The backend of the running test. */
  public static Backend backend() {
    return current;
  }

  /** The JDBC URL of this test class's system database. */
  public String url() {
    if (current == Backend.SQLITE) {
      return "jdbc:sqlite:" + SQLITE_DIRECTORY.resolve(databaseName + ".sqlite").toAbsolutePath();
    }
    return TestPostgres.serverUrl() + "/" + databaseName;
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
      return DriverManager.getConnection(url(), TestPostgres.user(), TestPostgres.password());
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
    try (Connection c = TestPostgres.connectToServer();
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
        .user(TestPostgres.user())
        .password(TestPostgres.password())
        .appVersion("test-version");
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (current == Backend.POSTGRES) {
      TestPostgres.require();
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
}
