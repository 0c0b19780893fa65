package org.dbos4j.internal.db;

import com.zaxxer.hikari.HikariConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.dbos4j.DBOSException;
import org.dbos4j.Isolation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * A database in an SQLite file, for development and single-machine use.
 *
 * <p>Each connection opens a private in-memory main database and attaches the file as {@code dbos},
 * so the {@code dbos.<table>} names of shared statements mean the same here as on PostgreSQL while
 * the file itself holds plain {@code workflow_status}, {@code operation_outputs}, ... tables, as
 * DBOS's own SQLite databases do. The file is in WAL mode (readers never wait for the writer) with
 * full synchronous commits; it has {@linkplain #writers one writer}, so that the writes of the
 * process queue inside it rather than for the file's lock; transactions start IMMEDIATE (taking the
 * write lock up front, so two transactions never deadlock upgrading a read lock), and wait up to
 * {@link #BUSY_TIMEOUT_MILLIS} for another process holding the lock.
 */
public final class SqliteEngine implements Engine {
  private static final Logger log = LoggerFactory.getLogger(SqliteEngine.class);

  static final String URL_PREFIX = "jdbc:sqlite:";

  /** How long a statement waits for another process's write lock before it fails. */
  static final int BUSY_TIMEOUT_MILLIS = 30_000;

  private static final String IN_MEMORY_MAIN = "jdbc:sqlite::memory:";

  /** An extended result code's low byte is its primary code. */
  private static final int PRIMARY_RESULT_CODE_MASK = 0xff;

  private final String url;
  private final Path file;

  SqliteEngine(String url) {
    this.url = url;
    this.file = fileOf(url);
  }

  private static Path fileOf(String url) {
    String path = url.substring(URL_PREFIX.length());
    if (path.isEmpty()
        || path.startsWith(":memory:")
        || path.startsWith("file:")
        || path.contains("?")) {
      throw new DBOSException(
          "Unsupported SQLite database URL "
              + url
              + ": use jdbc:sqlite:<path of a file>, e.g. jdbc:sqlite:./app.sqlite (an in-memory"
              + " database would not survive the crashes that workflows must survive)");
    }
    return Paths.get(path).toAbsolutePath().normalize();
  }

  @Override
  public Connection connectCreatingDatabase(@Nullable String user, @Nullable String password)
      throws SQLException {
    Path parent = file.getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new SQLException("Cannot create the directory " + parent + ": " + e.getMessage(), e);
    }
    Connection c = attached();
    try (Statement st = c.createStatement()) {
      // Persistent in the file: set once, kept by every later connection.
      st.execute("PRAGMA dbos.journal_mode = WAL");
      return c;
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  @Override
  public @Nullable Connection connectIfExists(@Nullable String user, @Nullable String password)
      throws SQLException {
    // ATTACH would create a missing file.
    return Files.exists(file) ? attached() : null;
  }

  /** A connection to a private in-memory main database, with the file attached as {@code dbos}. */
  private Connection attached() throws SQLException {
    Connection c = DriverManager.getConnection(IN_MEMORY_MAIN, connectionProperties());
    try (Statement st = c.createStatement()) {
      st.execute(attachStatement());
      return c;
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  @Override
  public boolean hasTable(Connection c, String table) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM dbos.sqlite_master WHERE type = 'table' AND name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public void drop(@Nullable String user, @Nullable String password) throws SQLException {
    try {
      for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
        Files.deleteIfExists(Paths.get(file + suffix));
      }
      log.info("deleted database file {}", file);
    } catch (IOException e) {
      throw new SQLException("Cannot delete " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public HikariConfig poolConfig(@Nullable String user, @Nullable String password) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(IN_MEMORY_MAIN);
    hc.setDataSourceProperties(connectionProperties());
    hc.setConnectionInitSql(attachStatement());
    return hc;
  }

  /** Transactions start DEFERRED, as PostgreSQL's: a conflict fails one, and it runs again. */
  @Override
  public HikariConfig applicationPoolConfig(@Nullable String user, @Nullable String password) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(URL_PREFIX + file);
    Properties props = new Properties();
    props.setProperty("foreign_keys", "true");
    props.setProperty("busy_timeout", String.valueOf(BUSY_TIMEOUT_MILLIS));
    props.setProperty("journal_mode", "WAL");
    hc.setDataSourceProperties(props);
    return hc;
  }

  @Override
  public String applicationTable(String table) {
    return table;
  }

  @Override
  public @Nullable String isolationStatement(Isolation isolation) {
    return null;
  }

  @Override
  public boolean commitsInStatement() {
    return false;
  }

  @Override
  public int updateUnflushed(Connection c, String sql, Object... args) throws SQLException {
    return Statements.update(c, sql, args);
  }

  private static Properties connectionProperties() {
    Properties props = new Properties();
    props.setProperty("foreign_keys", "true");
    props.setProperty("busy_timeout", String.valueOf(BUSY_TIMEOUT_MILLIS));
    props.setProperty("transaction_mode", "IMMEDIATE");
    return props;
  }

  private String attachStatement() {
    return "ATTACH DATABASE '" + file.toString().replace("'", "''") + "' AS dbos";
  }

  /** The IMMEDIATE transaction holds the file's write lock: other processes wait. */
  @Override
  public void beginMigration(Statement st) {}

  /** The driver runs only the first statement of a string: each statement runs on its own. */
  @Override
  public void executeScript(Statement st, String script) throws SQLException {
    StringBuilder current = new StringBuilder();
    boolean inTrigger = false;
    for (String line : script.split("\n")) {
      current.append(line).append('\n');
      String trimmed = line.trim();
      if (trimmed.startsWith("CREATE TRIGGER")) {
        inTrigger = true;
      }
      boolean ends = inTrigger ? trimmed.equals("END;") : trimmed.endsWith(";");
      if (ends) {
        st.execute(current.toString());
        current.setLength(0);
        inTrigger = false;
      }
    }
    if (!current.toString().isBlank()) {
      st.execute(current.toString());
    }
  }

  @Override
  public int writers(int poolSize) {
    return 1;
  }

  @Override
  public boolean transactionFailed(Connection c) {
    return false;
  }

  @Override
  public boolean fusesWrites() {
    return false;
  }

  @Override
  public boolean pushesNotifications() {
    return false;
  }

  /**
   * Not knowable in SQLite. Only a re-start or a recovery upserts, and then the row exists, so
   * "updated" is the answer; were it wrong, the runner would merely look for recorded steps.
   */
  @Override
  public String insertedNotUpdated() {
    return "FALSE";
  }

  @Override
  public boolean isPrimaryKeyViolation(SQLException e, String table) {
    return e instanceof SQLiteException se
        && se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
        && String.valueOf(se.getMessage()).contains(table + ".");
  }

  /** SQLite's message names the index's columns as {@code <table>.<column>, ...}. */
  @Override
  public boolean isUniqueViolation(SQLException e, String index, String table, String... columns) {
    StringBuilder named = new StringBuilder();
    for (String column : columns) {
      named.append(named.length() == 0 ? "" : ", ").append(table).append('.').append(column);
    }
    return e instanceof SQLiteException se
        && se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
        && String.valueOf(se.getMessage()).contains(named);
  }

  @Override
  public boolean isForeignKeyViolation(SQLException e) {
    return e instanceof SQLiteException se
        && se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY;
  }

  /** SQLITE_BUSY and its extended codes: the file's lock stayed taken past the busy timeout. */
  @Override
  public boolean isSerializationFailure(SQLException e) {
    return e instanceof SQLiteException se
        && (se.getResultCode().code & PRIMARY_RESULT_CODE_MASK) == SQLiteErrorCode.SQLITE_BUSY.code;
  }

  /** The IMMEDIATE transaction holds the file's write lock: no other writer runs meanwhile. */
  @Override
  public @Nullable String exclusiveLockQuery() {
    return null;
  }

  @Override
  public String forUpdateSkipLocked() {
    return "";
  }

  @Override
  public String greatest() {
    return "max";
  }

  @Override
  public String least() {
    return "min";
  }

  /** SQLite runs an uncorrelated IN subquery once, into a temporary table. */
  @Override
  public String inSubquery(String column, String subquery) {
    return column + " IN (" + subquery + ")";
  }

  @Override
  public String inList(String column) {
    return column + " IN (SELECT value FROM json_each(?))";
  }

  @Override
  public void bindList(PreparedStatement ps, int index, Collection<String> values)
      throws SQLException {
    StringBuilder json = new StringBuilder("[");
    for (String v : values) {
      if (json.length() > 1) {
        json.append(',');
      }
      appendJsonString(json, v);
    }
    ps.setString(index, json.append(']').toString());
  }

  private static void appendJsonString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '"' || ch == '\\') {
        out.append('\\').append(ch);
      } else if (ch < 0x20) {
        out.append(String.format("\\u%04x", (int) ch));
      } else {
        out.append(ch);
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return url;
  }

  @Override
  public String epochMillisNow() {
    return "CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)";
  }
}
