package org.dbos4j.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

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

  /** Commits per second while settling, and over the window measured after it. */
  record IdleRates(double settling, double window) {}

  /**
   * Waits {@code settle}, long enough for every backend to have published its counts, then measures
   * commits per second over {@code window}.
   */
  IdleRates idleRates(Duration settle, Duration window) throws SQLException, InterruptedException {
    long settleStart = System.nanoTime();
    long settleCommits = committed();
    Thread.sleep(settle.toMillis());
    long windowStart = System.nanoTime();
    long windowCommits = committed();
    Thread.sleep(window.toMillis());
    long windowEnd = System.nanoTime();
    long endCommits = committed();
    return new IdleRates(
        perSecond(windowCommits - settleCommits, windowStart - settleStart),
        perSecond(endCommits - windowCommits, windowEnd - windowStart));
  }

  private static double perSecond(long commits, long nanos) {
    return commits / (nanos / 1e9);
  }

  @Override
  public void close() throws SQLException {
    try (connection) {
      commits.close();
    }
  }
}
