package org.dbos4j.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The floor: the cheapest durable write PostgreSQL offers a client, one autocommitted INSERT on a
 * warm connection with a prepared statement. A workflow library checkpoints with at least this much
 * work, so its latency divided by this one says how much the library adds. The connection stays
 * open for the whole run so floor blocks can be timed between the libraries' blocks.
 */
final class JdbcFloor implements AutoCloseable {
  private final Connection connection;
  private final PreparedStatement insert;
  private long nextId;

  private JdbcFloor(Connection connection, PreparedStatement insert) {
    this.connection = connection;
    this.insert = insert;
  }

  static JdbcFloor open(BenchOptions options) throws SQLException {
    new BenchDatabases(options).recreate(BenchDatabases.FLOOR);
    Connection connection =
        DriverManager.getConnection(
            options.databaseUrl(BenchDatabases.FLOOR), options.user(), options.password());
    try {
      connection.setAutoCommit(true);
      try (Statement ddl = connection.createStatement()) {
        ddl.execute("CREATE TABLE floor_rows (id BIGINT PRIMARY KEY, payload TEXT NOT NULL)");
      }
      PreparedStatement insert =
          connection.prepareStatement("INSERT INTO floor_rows (id, payload) VALUES (?, ?)");
      return new JdbcFloor(connection, insert);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** One durable write: a new row, committed on its own. */
  void insertRow() throws SQLException {
    long id = nextId++;
    insert.setLong(1, id);
    insert.setString(2, "row");
    if (insert.executeUpdate() != 1) {
      throw new IllegalStateException("insert of row " + id + " did not insert one row");
    }
  }

  @Override
  public void close() throws SQLException {
    try (connection) {
      insert.close();
    }
  }
}
