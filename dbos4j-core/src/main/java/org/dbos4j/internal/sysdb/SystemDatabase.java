package org.dbos4j.internal.sysdb;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.dbos4j.DBOSException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system database: created if missing, migrated, and reached through a connection pool whose
 * connections stay in auto-commit mode, so that a single-statement write is one round trip.
 */
public final class SystemDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SystemDatabase.class);
  private static final int CONNECT_TIMEOUT_SECONDS = 10;
  private static final String SQLSTATE_NO_SUCH_DATABASE = "3D000";
  private static final String SQLSTATE_DUPLICATE_DATABASE = "42P04";
  private static final String SQLSTATE_UNIQUE_VIOLATION = "23505";

  private final HikariDataSource pool;

  private SystemDatabase(HikariDataSource pool) {
    this.pool = pool;
  }

  /**
   * Connects to the system database at {@code url}, creating the database if it does not exist and
   * migrating its schema, then opens a pool of at most {@code poolSize} connections.
   *
   * @throws DBOSException naming the URL (never the password) if any of this fails
   */
  public static SystemDatabase open(
      String url, @Nullable String user, @Nullable String password, int poolSize) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new DBOSException(
          "Unsupported system database URL "
              + DatabaseUrls.redact(url)
              + ": dbos4j supports jdbc:postgresql://host[:port]/database");
    }
    try (Connection conn = connectCreatingDatabase(url, user, password)) {
      SchemaMigrations.apply(conn);
    } catch (SQLException e) {
      throw failure("Cannot prepare the system database", url, user, e);
    }
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    if (user != null) {
      hc.setUsername(user);
    }
    if (password != null) {
      hc.setPassword(password);
    }
    hc.setMaximumPoolSize(poolSize);
    hc.setMinimumIdle(Math.min(poolSize, 2));
    hc.setPoolName("dbos4j-system");
    hc.setAutoCommit(true);
    hc.setConnectionTimeout(30_000);
    try {
      return new SystemDatabase(new HikariDataSource(hc));
    } catch (RuntimeException e) {
      throw failure("Cannot open a connection pool to the system database", url, user, e);
    }
  }

  /** Drops the system database at {@code url} and all its state, if it exists. */
  public static void drop(String url, @Nullable String user, @Nullable String password) {
    String name = DatabaseUrls.databaseName(url);
    try (Connection conn = connect(DatabaseUrls.maintenanceUrl(url), user, password);
        Statement st = conn.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + DatabaseUrls.quoteIdentifier(name) + " WITH (FORCE)");
      log.info("dropped system database {}", name);
    } catch (SQLException e) {
      throw failure("Cannot drop the system database", url, user, e);
    }
  }

  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    pool.close();
  }

  private static Connection connectCreatingDatabase(
      String url, @Nullable String user, @Nullable String password) throws SQLException {
    try {
      return connect(url, user, password);
    } catch (SQLException e) {
      if (!SQLSTATE_NO_SUCH_DATABASE.equals(e.getSQLState())) {
        throw e;
      }
    }
    String name = DatabaseUrls.databaseName(url);
    try (Connection admin = connect(DatabaseUrls.maintenanceUrl(url), user, password);
        Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + DatabaseUrls.quoteIdentifier(name));
      log.info("created system database {}", name);
    } catch (SQLException e) {
      // Another process launching at the same moment may have created it first.
      if (!SQLSTATE_DUPLICATE_DATABASE.equals(e.getSQLState())
          && !SQLSTATE_UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
    }
    return connect(url, user, password);
  }

  private static Connection connect(String url, @Nullable String user, @Nullable String password)
      throws SQLException {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    props.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    return DriverManager.getConnection(url, props);
  }

  private static DBOSException failure(
      String what, String url, @Nullable String user, Exception cause) {
    return new DBOSException(
        what
            + " at "
            + DatabaseUrls.redact(url)
            + (user == null ? "" : " as user '" + user + "'")
            + ": "
            + cause.getMessage(),
        cause);
  }
}
