package org.dbos4j.internal.sysdb;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.dbos4j.DBOSException;
import org.jspecify.annotations.Nullable;

/**
 * The system database, on PostgreSQL or in an SQLite file (see {@link Dialect}): created if
 * missing, migrated, and reached through a connection pool whose connections stay in auto-commit
 * mode, so that a single-statement write running alone is one round trip. Writes go through {@link
 * GroupCommit}, which shares one transaction among concurrent writes.
 */
public final class SystemDatabase implements AutoCloseable {
  /*
   * Threads that run shared write transactions. One: a second one, running a batch while the
   * first commits, made batches smaller and W7 slower (10,000 waiters: start 6.2 s and wake
   * 10.1 s with two flushers, 7.0 s and 10.3 s with four, 5.2 s and 8.8 s with one).
   */
  private static final int FLUSHERS = 1;

  private final Dialect dialect;
  private final HikariDataSource pool;
  private final GroupCommit writes;

  private SystemDatabase(Dialect dialect, HikariDataSource pool, int poolSize) {
    this.dialect = dialect;
    this.pool = pool;
    this.writes =
        new GroupCommit(
            pool, dialect::transactionFailed, Math.max(1, dialect.writers(poolSize)), FLUSHERS);
  }

  /**
   * Connects to the system database at {@code url}, creating the database if it does not exist and
   * migrating its schema, then opens a pool of at most {@code poolSize} connections.
   *
   * @throws DBOSException naming the URL (never the password) if any of this fails
   */
  public static SystemDatabase open(
      String url, @Nullable String user, @Nullable String password, int poolSize) {
    Dialect dialect = Dialect.of(url);
    try (Connection conn = dialect.connectCreatingDatabase(user, password)) {
      SchemaMigrations.apply(conn, dialect);
    } catch (SQLException e) {
      throw failure("Cannot prepare the system database", url, user, e);
    }
    HikariConfig hc = dialect.poolConfig(user, password);
    hc.setMaximumPoolSize(poolSize);
    hc.setMinimumIdle(Math.min(poolSize, 2));
    hc.setPoolName("dbos4j-system");
    hc.setAutoCommit(true);
    hc.setConnectionTimeout(30_000);
    try {
      return new SystemDatabase(dialect, new HikariDataSource(hc), poolSize);
    } catch (RuntimeException e) {
      throw failure("Cannot open a connection pool to the system database", url, user, e);
    }
  }

  /** Drops the system database at {@code url} and all its state, if it exists. */
  public static void drop(String url, @Nullable String user, @Nullable String password) {
    try {
      Dialect.of(url).drop(user, password);
    } catch (SQLException e) {
      throw failure("Cannot drop the system database", url, user, e);
    }
  }

  /** Whether the database pushes notifications of new rows, for a listener to receive. */
  public boolean pushesNotifications() {
    return dialect.pushesNotifications();
  }

  Dialect dialect() {
    return dialect;
  }

  /** Runs a read on a pooled connection in auto-commit mode. */
  <R> R read(SqlWork<R> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    }
  }

  /**
   * Runs a write and returns once it is committed, alone or in a transaction shared with other
   * writes (see {@link GroupCommit}).
   */
  <R> R write(SqlWork<R> work) throws SQLException {
    return writes.execute(work);
  }

  GroupCommit groupCommit() {
    return writes;
  }

  @Override
  public void close() {
    writes.close();
    pool.close();
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
