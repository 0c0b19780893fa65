package org.dbos4j.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Counts the W7 waiters that have reached their {@code recv}, from outside the library. Both
 * libraries record a {@code recv}'s durable deadline as a {@code DBOS.sleep} row in {@code
 * dbos.operation_outputs} once they found no message: dbos4j just before it parks, DBOS Java just
 * before its first look and park. One such row per waiter is the nearest common sign that it waits.
 */
final class ParkedWaiterCounter implements AutoCloseable {
  private static final String COUNT =
      "SELECT count(*) FROM dbos.operation_outputs"
          + " WHERE function_name = 'DBOS.sleep' AND workflow_uuid LIKE ?";

  private final Connection connection;
  private final PreparedStatement count;

  private ParkedWaiterCounter(Connection connection, PreparedStatement count) {
    this.connection = connection;
    this.count = count;
  }

  /** Opens its own connection to the library's system database, outside the library's pool. */
  static ParkedWaiterCounter open(BenchOptions options, String database, String idPrefix)
      throws SQLException {
    Connection connection =
        DriverManager.getConnection(
            options.databaseUrl(database), options.user(), options.password());
    try {
      PreparedStatement count = connection.prepareStatement(COUNT);
      count.setString(1, idPrefix + "%");
      return new ParkedWaiterCounter(connection, count);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  long parked() throws SQLException {
    try (ResultSet rows = count.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Override
  public void close() throws SQLException {
    try (connection) {
      count.close();
    }
  }
}
