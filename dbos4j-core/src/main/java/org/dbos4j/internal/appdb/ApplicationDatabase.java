package org.dbos4j.internal.appdb;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.dbos4j.DBOSException;
import org.dbos4j.Isolation;
import org.dbos4j.internal.db.DatabaseUrls;
import org.dbos4j.internal.db.Engine;
import org.dbos4j.internal.sysdb.RecordedOperation;
import org.jspecify.annotations.Nullable;

/**
 * The application database: where {@code @Transaction} methods run, on PostgreSQL or SQLite (see
 * {@link Engine}), reached through a pool of dbos4j's own (given a URL) or the application's data
 * source. Its {@code transaction_outputs} table is created when it opens.
 *
 * <p>The pool of dbos4j's own keeps its connections out of auto-commit mode and serializable by
 * default, so that a serializable transaction costs no round trip to begin: the driver sends its
 * {@code BEGIN} with its first statement. Another level costs one statement, local to the
 * transaction. Connections of the application's data source are taken as they come: their isolation
 * is set per transaction, and their auto-commit mode restored when they go back.
 */
public final class ApplicationDatabase implements AutoCloseable {
  private static final long CONNECTION_WAIT_MILLIS = 30_000;

  private final Engine engine;
  private final DataSource source;
  private final @Nullable HikariDataSource ownPool;
  private final String description;
  private final @Nullable Isolation sessionIsolation;
  private final TransactionOutputs outputs;

  private ApplicationDatabase(
      Engine engine,
      DataSource source,
      @Nullable HikariDataSource ownPool,
      String description,
      @Nullable Isolation sessionIsolation) {
    this.engine = engine;
    this.source = source;
    this.ownPool = ownPool;
    this.description = description;
    this.sessionIsolation = sessionIsolation;
    this.outputs = new TransactionOutputs(engine);
  }

  /**
   * Connects to the database at {@code url}, creating it if it does not exist, opens a pool of at
   * most {@code poolSize} connections and creates the {@code transaction_outputs} table.
   *
   * @throws DBOSException naming the URL (never the password) if any of this fails
   */
  public static ApplicationDatabase open(
      String url, @Nullable String user, @Nullable String password, int poolSize) {
    String described = "the application database at " + DatabaseUrls.redact(url);
    Engine engine = Engine.of(url);
    try (Connection c = engine.connectCreatingDatabase(user, password)) {
      // Created if missing; the tables are made through the pool, as the application sees them.
    } catch (SQLException e) {
      throw failure("Cannot open " + described, user, e);
    }
    HikariConfig hc = engine.applicationPoolConfig(user, password);
    hc.setMaximumPoolSize(poolSize);
    hc.setMinimumIdle(Math.min(poolSize, 2));
    hc.setPoolName("dbos4j-application");
    hc.setAutoCommit(false);
    hc.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
    hc.setConnectionTimeout(CONNECTION_WAIT_MILLIS);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw failure("Cannot open a connection pool to " + described, user, e);
    }
    ApplicationDatabase db =
        new ApplicationDatabase(engine, pool, pool, described, Isolation.SERIALIZABLE);
    try {
      db.createTables();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return db;
  }

  /**
   * Uses the application's data source, whose connections' URL tells the engine, and creates the
   * {@code transaction_outputs} table. The data source stays the application's: it is never closed.
   *
   * @throws DBOSException if no connection can be had or the engine is not supported
   */
  public static ApplicationDatabase using(DataSource dataSource) {
    String url;
    try (Connection c = dataSource.getConnection()) {
      url = c.getMetaData().getURL();
    } catch (SQLException e) {
      throw failure(
          "Cannot connect to the application database through the configured data source ("
              + dataSource.getClass().getName()
              + ")",
          null,
          e);
    }
    ApplicationDatabase db =
        new ApplicationDatabase(
            Engine.of(url),
            dataSource,
            null,
            "the application database at " + DatabaseUrls.redact(url) + " (the data source)",
            null);
    db.createTables();
    return db;
  }

  /** The table of transaction outcomes. */
  public TransactionOutputs outputs() {
    return outputs;
  }

  /**
   * The outcome recorded at a position, read in a transaction of its own that ends at once: 2 round
   * trips (the read, the rollback), 3 on a connection of the application's data source.
   *
   * @return null if none
   */
  public @Nullable RecordedOperation findOutcome(String workflowId, int functionId)
      throws SQLException {
    try (OpenTransaction tx =
        begin(sessionIsolation != null ? sessionIsolation : Isolation.READ_COMMITTED)) {
      return outputs.find(tx, workflowId, functionId);
    }
  }

  /** Whether {@code e} ended a transaction for a conflict with another, so it may run again. */
  public boolean isSerializationFailure(SQLException e) {
    return engine.isSerializationFailure(e);
  }

  /**
   * Borrows a connection and opens a transaction of {@code isolation} on it: no round trip on a
   * serializable connection of the own pool (the driver begins with the first statement), one
   * otherwise.
   */
  public OpenTransaction begin(Isolation isolation) throws SQLException {
    Connection c = source.getConnection();
    OpenTransaction tx;
    try {
      boolean restoreAutoCommit = c.getAutoCommit();
      if (restoreAutoCommit) {
        c.setAutoCommit(false);
      }
      tx = new OpenTransaction(c, restoreAutoCommit);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    String setIsolation =
        isolation == sessionIsolation ? null : engine.isolationStatement(isolation);
    if (setIsolation != null) {
      try (Statement st = c.createStatement()) {
        st.execute(setIsolation);
      } catch (SQLException | RuntimeException e) {
        try {
          tx.close();
        } catch (SQLException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    }
    return tx;
  }

  /** Closes the pool of dbos4j's own; the application's data source is left open. */
  @Override
  public void close() {
    if (ownPool != null) {
      ownPool.close();
    }
  }

  @Override
  public String toString() {
    return description;
  }

  private void createTables() {
    try (OpenTransaction tx = begin(Isolation.READ_COMMITTED);
        Statement st = tx.connection().createStatement()) {
      engine.beginMigration(st);
      outputs.create(st);
      tx.commit();
    } catch (SQLException e) {
      throw failure("Cannot create the transaction_outputs table in " + description, null, e);
    }
  }

  private static DBOSException failure(String what, @Nullable String user, Exception cause) {
    return new DBOSException(
        what + (user == null ? "" : " as user '" + user + "'") + ": " + cause.getMessage(), cause);
  }
}
