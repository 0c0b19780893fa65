package org.dbos4j.internal.appdb;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transaction open on a borrowed connection of the application database. Closing it rolls back
 * whatever was not committed and returns the connection as it was borrowed (in auto-commit mode if
 * it came so from the application's data source).
 */
public final class OpenTransaction implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OpenTransaction.class);

  private final Connection connection;
  private final boolean restoreAutoCommit;
  private boolean ended;

  OpenTransaction(Connection connection, boolean restoreAutoCommit) {
    this.connection = connection;
    this.restoreAutoCommit = restoreAutoCommit;
  }

  /** The connection, in the transaction. */
  public Connection connection() {
    return connection;
  }

  /**
   * The connection as the transaction's method may see it: it cannot commit, roll back, close or
   * leave the transaction (see {@code DBOS.sqlSession()}).
   */
  public Connection sqlSession(String transactionName) {
    return GuardedConnection.of(connection, transactionName);
  }

  /** Commits: a round trip, unless a statement already committed (see {@link #ended()}). */
  public void commit() throws SQLException {
    connection.commit();
    ended = true;
  }

  /**
   * Rolls back, so that the connection may run another transaction. A connection that cannot roll
   * back is broken; it is closed with the transaction and its pool drops it.
   */
  public void rollback() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      log.debug("rollback failed; the connection goes back broken", e);
    }
    ended = true;
  }

  @Override
  public void close() throws SQLException {
    try {
      if (!ended) {
        rollback();
      }
      if (restoreAutoCommit) {
        connection.setAutoCommit(true);
      }
    } finally {
      connection.close();
    }
  }
}
