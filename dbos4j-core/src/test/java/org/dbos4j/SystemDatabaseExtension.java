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
 *
 * <p>The backend of a run is read from the test's {@link ExtensionContext} (where {@link
 * BackendTemplate} puts it for each run of a {@link BothBackends} class), never from a static
 * field, so two classes, or two copies of this extension, never share it.
 */
public final class SystemDatabaseExtension implements BeforeEachCallback, AfterEachCallback {
  private static final Path SQLITE_DIRECTORY = Paths.get("target", "sqlite-tests");
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SystemDatabaseExtension.class);

  private Backend backend = Backend.POSTGRES;
  private String databaseName = "dbos4j_test";

  /**
   * Makes the extension hand out databases of {@code backend} to the tests under {@code run}, the
   * context of one run of a class template; a class run outside such a run is on PostgreSQL.
   */
  static void use(ExtensionContext run, Backend backend) {
    run.getStore(NAMESPACE).put(Backend.class, backend);
  }

  /** The backend of the running test. */
  public Backend backend() {
    return backend;
  }

  /** The JDBC URL of this test class's system database. */
  public String url() {
    if (backend == Backend.SQLITE) {
      return "jdbc:sqlite:" + SQLITE_DIRECTORY.resolve(databaseName + ".sqlite").toAbsolutePath();
    }
    return TestPostgres.serverUrl() + "/" + databaseName;
  }

  /**
   * The JDBC URL of this test class's application database, for {@code @Transaction} methods: a
   * database (or SQLite file) of its own beside the system database, dropped before every test.
   */
  public String applicationUrl() {
    if (backend == Backend.SQLITE) {
      return "jdbc:sqlite:"
          + SQLITE_DIRECTORY.resolve(databaseName + "_app.sqlite").toAbsolutePath();
    }
    return TestPostgres.serverUrl() + "/" + databaseName + "_app";
  }

  /** A plain JDBC connection to this test class's application database, in auto-commit mode. */
  public Connection connectToApplicationDatabase() throws SQLException {
    if (backend == Backend.POSTGRES) {
      return DriverManager.getConnection(
          applicationUrl(), TestPostgres.user(), TestPostgres.password());
    }
    Properties props = new Properties();
    props.setProperty("busy_timeout", "30000");
    return DriverManager.getConnection(applicationUrl(), props);
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
    if (backend == Backend.POSTGRES) {
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
    if (backend == Backend.SQLITE) {
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
    Backend ofThisRun = context.getStore(NAMESPACE).get(Backend.class, Backend.class);
    backend = ofThisRun != null ? ofThisRun : Backend.POSTGRES;
    if (backend == Backend.POSTGRES) {
      TestPostgres.require();
    }
    databaseName =
        "dbos4j_test_" + context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
    DBOS.shutdown();
    DBOS.configure(config().build());
    DBOS.resetSystemDatabase();
    DBOS.shutdown();
    dropApplicationDatabase();
  }

  private void dropApplicationDatabase() {
    try {
      if (backend == Backend.SQLITE) {
        String file = applicationUrl().substring("jdbc:sqlite:".length());
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
          Files.deleteIfExists(Paths.get(file + suffix));
        }
      } else {
        TestPostgres.freshDatabase(databaseName + "_app");
      }
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("cannot drop the application database: " + e, e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    DBOS.shutdown();
  }
}
