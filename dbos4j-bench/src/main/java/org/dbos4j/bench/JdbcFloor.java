package org.dbos4j.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * W0: the cheapest durable write PostgreSQL offers a client, one autocommitted INSERT on a warm
 * connection with a prepared statement. A workflow library checkpoints with at least this much
 * work, so its latency divided by this one says how much the library adds.
 */
final class JdbcFloor {
  private final BenchOptions options;
  private final Results results;

  JdbcFloor(BenchOptions options, Results results) {
    this.options = options;
    this.results = results;
  }

  void run() throws SQLException {
    new BenchDatabases(options).recreate(BenchDatabases.FLOOR);
    try (Connection connection =
        DriverManager.getConnection(
            options.databaseUrl(BenchDatabases.FLOOR), options.user(), options.password())) {
      connection.setAutoCommit(true);
      try (Statement ddl = connection.createStatement()) {
        ddl.execute("CREATE TABLE floor_rows (id BIGINT PRIMARY KEY, payload TEXT NOT NULL)");
      }
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO floor_rows (id, payload) VALUES (?, ?)")) {
        long id = 0;
        for (int i = 0; i < options.warmup(); i++) {
          insertRow(insert, id++);
        }
        long[] nanos = new long[options.iterations()];
        for (int i = 0; i < nanos.length; i++) {
          long start = System.nanoTime();
          insertRow(insert, id++);
          nanos[i] = System.nanoTime() - start;
        }
        Stats stats = Stats.ofNanos(nanos);
        results.record(BenchOptions.JDBC, "W0", "median_us", stats.medianMicros());
        results.record(BenchOptions.JDBC, "W0", "p99_us", stats.percentileMicros(99));
      }
    }
  }

  private static void insertRow(PreparedStatement insert, long id) throws SQLException {
    insert.setLong(1, id);
    insert.setString(2, "row");
    if (insert.executeUpdate() != 1) {
      throw new IllegalStateException("insert of row " + id + " did not insert one row");
    }
  }
}
