package org.dbos4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * The application database of a dbos4j system, where its W8 transactions write, and how the JDBC
 * loop set against them reaches the same database with the settings of dbos4j's own pool, so that
 * the two differ only in what dbos4j adds. On PostgreSQL that is a connection out of auto-commit
 * mode and serializable (the driver then sends each {@code BEGIN} with the first statement); on
 * SQLite the same, on the file in WAL mode with the busy timeout and foreign keys of dbos4j's
 * connections (SqliteEngine.applicationPoolConfig in dbos4j-core) and SQLite's default synchronous
 * mode, FULL. Each of the two writes to a table of its own. The database is emptied before dbos4j
 * launches on it: the PostgreSQL one is dropped and created again, the SQLite file deleted.
 */
final class AppDatabase {
  /** The W8 table of dbos4j's transactions. */
  static final String DBOS4J_TABLE = "w8_dbos4j_rows";

  /** The W8 table of the JDBC loop. */
  static final String JDBC_TABLE = "w8_jdbc_rows";

  /** The text of every W8 row. */
  static final String PAYLOAD = "row";

  /** Empties the database before a run. */
  private interface Emptying {
    void run() throws Exception;
  }

  private final String url;
  private final Properties properties;
  private final String baselineName;
  private final Emptying emptying;

  private AppDatabase(String url, Properties properties, String baselineName, Emptying emptying) {
    this.url = url;
    this.properties = properties;
    this.baselineName = baselineName;
    this.emptying = emptying;
  }

  /** {@link BenchDatabases#DBOS4J_APP} on the benchmark's server; its JDBC loop is {@code jdbc}. */
  static AppDatabase onPostgres(BenchOptions options) {
    Properties properties = new Properties();
    properties.setProperty("user", options.user());
    properties.setProperty("password", options.password());
    return new AppDatabase(
        options.databaseUrl(BenchDatabases.DBOS4J_APP),
        properties,
        BenchOptions.JDBC,
        () -> new BenchDatabases(options).recreate(BenchDatabases.DBOS4J_APP));
  }

  /**
   * The file {@link BenchDatabases#DBOS4J_SQLITE_APP_FILE}; its JDBC loop is {@code jdbc-sqlite}.
   */
  static AppDatabase onSqlite() {
    Path file = BenchDatabases.DBOS4J_SQLITE_APP_FILE.toAbsolutePath().normalize();
    // As dbos4j's application connections are opened: WAL, foreign keys, a 30 s busy timeout.
    Properties properties = new Properties();
    properties.setProperty("foreign_keys", "true");
    properties.setProperty("busy_timeout", "30000");
    properties.setProperty("journal_mode", "WAL");
    return new AppDatabase(
        "jdbc:sqlite:" + file,
        properties,
        BenchOptions.JDBC_SQLITE,
        () -> {
          for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            Files.deleteIfExists(Path.of(file + suffix));
          }
        });
  }

  /** The JDBC URL dbos4j is configured with. */
  String url() {
    return url;
  }

  /** The {@code system=} label of the JDBC loop on this database. */
  String baselineName() {
    return baselineName;
  }

  void empty() throws Exception {
    emptying.run();
  }

  /** A connection as dbos4j's pool hands them out: auto-commit off, serializable. */
  Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection(url, properties);
    try {
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** Creates a W8 table, like the floor's: a primary key and a short text. */
  void createTable(String table) throws SQLException {
    try (Connection connection = connect();
        Statement ddl = connection.createStatement()) {
      ddl.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, payload TEXT NOT NULL)");
      connection.commit();
    }
  }

  /** The one-row INSERT of W8 into {@code table}, with the id and the payload as parameters. */
  static String insertInto(String table) {
    return "INSERT INTO " + table + " (id, payload) VALUES (?, ?)";
  }

  @Override
  public String toString() {
    return url;
  }
}
