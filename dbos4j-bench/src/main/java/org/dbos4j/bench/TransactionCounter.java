package org.dbos4j.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads how many transactions a database has committed, from {@code pg_stat_database}. It connects
 * to the {@code postgres} database, so its own readings are not counted in the database it watches.
 * PostgreSQL 15 backends publish their counts when they go idle, up to about 10 s late, so only
 * differences over windows longer than that, and after such a settling time, are meaningful.
 */
final class TransactionCounter implements AutoCloseable {
  private static final String COMMITS =
      "SELECT xact_commit FROM pg_stat_database WHERE datname = ?";

  private final Connection connection;
  private final PreparedStatement commits;

  private TransactionCounter(Connection connection, PreparedStatement commits) {
    this.connection = connection;
    this.commits = commits;
  }

  static TransactionCounter open(BenchOptions options, String database) throws SQLException {
    Connection connection =
        DriverManager.getConnection(
            options.databaseUrl("postgres"), options.user(), options.password());
    try {
      // Autocommit: each reading is its own transaction, so it sees fresh statistics rather than
      // the snapshot of the first reading.
      connection.setAutoCommit(true);
      PreparedStatement commits = connection.prepareStatement(COMMITS);
      commits.setString(1, database);
      return new TransactionCounter(connection, commits);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  long committed() throws SQLException {
    try (ResultSet rows = commits.executeQuery()) {
      if (!rows.next()) {
        throw new IllegalStateException("no statistics for the database");
      }
      return rows.getLong(1);
    }
  }

  @Override
  public void close() throws SQLException {
    try (connection) {
      commits.close();
    }
  }
}
