package org.dbos4j.internal.sysdb;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.dbos4j.DBOSException;
import org.dbos4j.internal.db.DatabaseUrls;
import org.dbos4j.internal.db.Engine;
import org.jspecify.annotations.Nullable;

/**
 * The system database, on PostgreSQL or in an SQLite file (see {@link Engine}): created if missing,
 * migrated, and reached through a connection pool whose connections stay in auto-commit mode, so
 * that a single-statement write running alone is one round trip. Writes go through {@link
 * GroupCommit}, which shares one transaction among concurrent writes. Reads and writes ride out
 * outages of the database through {@link OutageRetry}.
 */
public final class SystemDatabase implements AutoCloseable {
  /*
   * Threads that run shared write transactions. One: a second one, running a batch while the
   * first commits, made batches smaller and W7 slower (10,000 waiters: start 6.2 s and wake
   * 10.1 s with two flushers, 7.0 s and 10.3 s with four, 5.2 s and 8.8 s with one).
   */
  private static final int FLUSHERS = 1;

  /**
   * The longest a statement waits for a pooled connection: while the server is down, a wait for a
   * connection is how a statement waits for the server, so it must end often enough for {@link
   * OutageRetry} to keep its own limit.
   */
  private static final long MAX_CONNECTION_WAIT_MILLIS = 30_000;

  private static final long MIN_CONNECTION_WAIT_MILLIS = 250; // HikariCP's minimum

  private final Engine engine;
  private final HikariDataSource pool;
  private final GroupCommit writes;
  private final OutageRetry outages;

  private SystemDatabase(Engine engine, HikariDataSource pool, int poolSize, OutageRetry outages) {
    this.engine = engine;
    this.pool = pool;
    this.outages = outages;
    this.writes =
        new GroupCommit(
            pool, engine::transactionFailed, Math.max(1, engine.writers(poolSize)), FLUSHERS);
  }

  /**
   * Connects to the system database at {@code url}, creating the database if it does not exist and
   * migrating its schema, then opens a pool of at most {@code poolSize} connections.
   *
   * @param outageTimeout how long a read or write waits for the database while it cannot be reached
   * @throws DBOSException naming the URL (never the password) if any of this fails
   */
  public static SystemDatabase open(
      String url,
      @Nullable String user,
      @Nullable String password,
      int poolSize,
      Duration outageTimeout) {
    Engine engine = Engine.of(url);
    try (Connection conn = engine.connectCreatingDatabase(user, password)) {
      SchemaMigrations.apply(conn, engine);
    } catch (SQLException e) {
      throw failure("Cannot prepare the system database", url, user, e);
    }
    return pooled(engine, url, user, password, poolSize, outageTimeout);
  }

  /**
   * Connects to the system database at {@code url} as it is, creating and migrating nothing, for a
   * process that runs no workflows (a client), then opens a pool as {@link #open} does.
   *
   * @throws DBOSException naming the URL (never the password) if the database cannot be reached,
   *     does not exist or has no dbos4j schema, or if its schema version is not the one this code
   *     knows
   */
  public static SystemDatabase openExisting(
      String url,
      @Nullable String user,
      @Nullable String password,
      int poolSize,
      Duration outageTimeout) {
    Engine engine = Engine.of(url);
    int version;
    try (Connection conn = engine.connectIfExists(user, password)) {
      version = conn == null ? 0 : SchemaMigrations.version(conn, engine);
    } catch (SQLException e) {
      throw failure("Cannot connect to the system database", url, user, e);
    }
    requireLatestSchema(url, version);
    return pooled(engine, url, user, password, poolSize, outageTimeout);
  }

  private static void requireLatestSchema(String url, int version) {
    int latest = SchemaMigrations.latestVersion();
    String at = "The system database at " + DatabaseUrls.redact(url);
    if (version == 0) {
      throw new DBOSException(
          at
              + " has no dbos4j schema; create it with `dbos4j migrate` or by launching an"
              + " application on this database first");
    }
    if (version > latest) {
      throw new DBOSException(
          at
              + " has schema version "
              + version
              + ", newer than version "
              + latest
              + " that this dbos4j knows; use the dbos4j version of the applications that"
              + " migrated it");
    }
    if (version < latest) {
      throw new DBOSException(
          at
              + " has schema version "
              + version
              + ", older than version "
              + latest
              + " that this dbos4j needs; upgrade it with `dbos4j migrate` or by launching an"
              + " application of this dbos4j version on it");
    }
  }

  private static SystemDatabase pooled(
      Engine engine,
      String url,
      @Nullable String user,
      @Nullable String password,
      int poolSize,
      Duration outageTimeout) {
    HikariConfig hc = engine.poolConfig(user, password);
    hc.setMaximumPoolSize(poolSize);
    hc.setMinimumIdle(Math.min(poolSize, 2));
    hc.setPoolName("dbos4j-system");
    hc.setAutoCommit(true);
    hc.setConnectionTimeout(
        Math.max(
            MIN_CONNECTION_WAIT_MILLIS,
            Math.min(MAX_CONNECTION_WAIT_MILLIS, outageTimeout.toMillis())));
    try {
      return new SystemDatabase(
          engine,
          new HikariDataSource(hc),
          poolSize,
          new OutageRetry(DatabaseUrls.redact(url), outageTimeout));
    } catch (RuntimeException e) {
      throw failure("Cannot open a connection pool to the system database", url, user, e);
    }
  }

  /** Drops the system database at {@code url} and all its state, if it exists. */
  public static void drop(String url, @Nullable String user, @Nullable String password) {
    try {
      Engine.of(url).drop(user, password);
    } catch (SQLException e) {
      throw failure("Cannot drop the system database", url, user, e);
    }
  }

  /** Whether the database pushes notifications of new rows, for a listener to receive. */
  public boolean pushesNotifications() {
    return engine.pushesNotifications();
  }

  Engine engine() {
    return engine;
  }

  /** Runs a read on a pooled connection in auto-commit mode. */
  <R> R read(SqlWork<R> work) throws SQLException {
    return outages.run(
        () -> {
          try (Connection c = pool.getConnection()) {
            return work.run(c);
          }
        });
  }

  /**
   * Runs work that commits itself, statement by statement, on a pooled connection in auto-commit
   * mode, outside {@link GroupCommit} and without riding out outages: for housekeeping writes
   * (process leases) that must neither wait for the workflows' writes nor fail with them, and that
   * simply try again later.
   */
  <R> R autoCommitted(SqlWork<R> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    }
  }

  /**
   * Runs a write and returns once it is committed, alone or in a transaction shared with other
   * writes (see {@link GroupCommit}).
   */
  <R> R write(SqlWork<R> work) throws SQLException {
    return outages.run(() -> writes.execute(work));
  }

  /**
   * Runs a write by itself as soon as a writer is free, rather than in the next shared transaction
   * (see {@link GroupCommit#executeAtOnce}).
   */
  <R> R writeAtOnce(SqlWork<R> work) throws SQLException {
    return outages.run(() -> writes.executeAtOnce(work));
  }

  GroupCommit groupCommit() {
    return writes;
  }

  @Override
  public void close() {
    outages.close();
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
