package org.dbos4j.internal.db;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Properties;
import org.dbos4j.Isolation;
import org.jspecify.annotations.Nullable;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A database on a PostgreSQL server, whose dbos4j tables are in schema {@code dbos}. */
public final class PostgresEngine implements Engine {
  private static final Logger log = LoggerFactory.getLogger(PostgresEngine.class);

  static final String URL_PREFIX = "jdbc:postgresql:";

  private static final int CONNECT_TIMEOUT_SECONDS = 10;
  private static final String SQLSTATE_NO_SUCH_DATABASE = "3D000";
  private static final String SQLSTATE_DUPLICATE_DATABASE = "42P04";
  private static final String SQLSTATE_UNIQUE_VIOLATION = "23505";
  private static final String SQLSTATE_FOREIGN_KEY_VIOLATION = "23503";
  private static final String SQLSTATE_SERIALIZATION_FAILURE = "40001";
  private static final String SQLSTATE_DEADLOCK_DETECTED = "40P01";

  /** Arbitrary constant identifying the dbos4j migration lock among advisory locks. */
  private static final long MIGRATION_LOCK_KEY = 0x64626f73346aL;

  private final String url;

  PostgresEngine(String url) {
    this.url = url;
  }

  @Override
  public Connection connectCreatingDatabase(@Nullable String user, @Nullable String password)
      throws SQLException {
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
      log.info("created database {}", name);
    } catch (SQLException e) {
      // Another process launching at the same moment may have created it first.
      if (!SQLSTATE_DUPLICATE_DATABASE.equals(e.getSQLState())
          && !SQLSTATE_UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
    }
    return connect(url, user, password);
  }

  @Override
  public @Nullable Connection connectIfExists(@Nullable String user, @Nullable String password)
      throws SQLException {
    try {
      return connect(url, user, password);
    } catch (SQLException e) {
      if (SQLSTATE_NO_SUCH_DATABASE.equals(e.getSQLState())) {
        return null;
      }
      throw e;
    }
  }

  @Override
  public boolean hasTable(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, "dbos." + table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  @Override
  public void drop(@Nullable String user, @Nullable String password) throws SQLException {
    String name = DatabaseUrls.databaseName(url);
    try (Connection conn = connect(DatabaseUrls.maintenanceUrl(url), user, password);
        Statement st = conn.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + DatabaseUrls.quoteIdentifier(name) + " WITH (FORCE)");
      log.info("dropped database {}", name);
    }
  }

  @Override
  public HikariConfig poolConfig(@Nullable String user, @Nullable String password) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    if (user != null) {
      hc.setUsername(user);
    }
    if (password != null) {
      hc.setPassword(password);
    }
    return hc;
  }

  @Override
  public HikariConfig applicationPoolConfig(@Nullable String user, @Nullable String password) {
    return poolConfig(user, password);
  }

  @Override
  public String applicationTable(String table) {
    return "dbos." + table;
  }

  /** Local to the transaction: the connection's own default is left as it was. */
  @Override
  public String isolationStatement(Isolation isolation) {
    return "SET TRANSACTION ISOLATION LEVEL " + isolation.name().replace('_', ' ');
  }

  /**
   * The driver sends the statements of one string in one round trip and takes the transaction's
   * state from the server's reply, so a later {@link Connection#commit()} sends nothing.
   */
  @Override
  public boolean commitsInStatement() {
    return true;
  }

  /**
   * In a transaction of its own, which the driver begins with the statement: outside a transaction
   * block {@code SET LOCAL} draws a warning into the server's log at every write. The setting is
   * read at the commit. The statement, the setting and the commit travel in one round trip; the
   * update count is the statement's, the first.
   */
  @Override
  public int updateUnflushed(Connection c, String sql, Object... args) throws SQLException {
    c.setAutoCommit(false);
    int count;
    try {
      count = Statements.update(c, sql + ";\nSET LOCAL synchronous_commit TO OFF;\nCOMMIT", args);
    } catch (SQLException | RuntimeException e) {
      // The failure is the one to report (an outage is told by its SQL state), not the cleanup's.
      try {
        c.rollback();
        c.setAutoCommit(true);
      } catch (SQLException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    c.setAutoCommit(true); // sends nothing: the statement committed
    return count;
  }

  @Override
  public void beginMigration(Statement st) throws SQLException {
    st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK_KEY + ")");
    st.execute("CREATE SCHEMA IF NOT EXISTS dbos");
  }

  /** The server takes a script of several statements as one. */
  @Override
  public void executeScript(Statement st, String script) throws SQLException {
    st.execute(script);
  }

  @Override
  public int writers(int poolSize) {
    return poolSize;
  }

  /** PostgreSQL rolls such a transaction back at commit, and the driver reports success. */
  @Override
  public boolean transactionFailed(Connection c) {
    try {
      return c.unwrap(BaseConnection.class).getTransactionState() == TransactionState.FAILED;
    } catch (SQLException e) {
      return true;
    }
  }

  @Override
  public boolean fusesWrites() {
    return true;
  }

  @Override
  public boolean pushesNotifications() {
    return true;
  }

  /** An updated row's version carries the updating transaction's ID in xmax. */
  @Override
  public String insertedNotUpdated() {
    return "(xmax = 0)";
  }

  @Override
  public boolean isPrimaryKeyViolation(SQLException e, String table) {
    return SQLSTATE_UNIQUE_VIOLATION.equals(e.getSQLState())
        && e instanceof PSQLException pe
        && pe.getServerErrorMessage() != null
        && (table + "_pkey").equals(pe.getServerErrorMessage().getConstraint());
  }

  @Override
  public boolean isUniqueViolation(SQLException e, String index, String table, String... columns) {
    return SQLSTATE_UNIQUE_VIOLATION.equals(e.getSQLState())
        && e instanceof PSQLException pe
        && pe.getServerErrorMessage() != null
        && index.equals(pe.getServerErrorMessage().getConstraint());
  }

  @Override
  public boolean isForeignKeyViolation(SQLException e) {
    return SQLSTATE_FOREIGN_KEY_VIOLATION.equals(e.getSQLState());
  }

  @Override
  public boolean isSerializationFailure(SQLException e) {
    return SQLSTATE_SERIALIZATION_FAILURE.equals(e.getSQLState())
        || SQLSTATE_DEADLOCK_DETECTED.equals(e.getSQLState());
  }

  /**
   * An advisory lock of the transaction: tried first, so that the answer tells a wait from none; a
   * CASE evaluates its ELSE only when needed, and taking a lock the transaction holds already
   * returns at once.
   */
  @Override
  public String exclusiveLockQuery() {
    return "SELECT CASE WHEN pg_try_advisory_xact_lock(?) THEN FALSE"
        + " ELSE pg_advisory_xact_lock(?) IS NOT NULL END";
  }

  @Override
  public String forUpdateSkipLocked() {
    return " FOR UPDATE SKIP LOCKED";
  }

  @Override
  public String greatest() {
    return "GREATEST";
  }

  @Override
  public String least() {
    return "LEAST";
  }

  /** An array built once (an initial plan), matched with the column's index. */
  @Override
  public String inSubquery(String column, String subquery) {
    return column + " = ANY (ARRAY(" + subquery + "))";
  }

  @Override
  public String inList(String column) {
    return column + " = ANY (?)";
  }

  @Override
  public void bindList(PreparedStatement ps, int index, Collection<String> values)
      throws SQLException {
    ps.setArray(index, ps.getConnection().createArrayOf("text", values.toArray()));
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

  @Override
  public String toString() {
    return DatabaseUrls.redact(url);
  }

  @Override
  public String epochMillisNow() {
    return "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT";
  }
}
