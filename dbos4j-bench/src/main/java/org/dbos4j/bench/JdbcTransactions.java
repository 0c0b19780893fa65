package org.dbos4j.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * W8's floor: the one-row INSERT of dbos4j's W8 transaction in a plain JDBC transaction on the same
 * application database, INSERT then commit, which on PostgreSQL is two round trips (the driver
 * sends the {@code BEGIN} with the INSERT). Like the transaction's method it prepares the statement
 * in each transaction (the driver caches it per connection). Its connection stays open for the
 * whole run, as a pool keeps one warm, so that its blocks can be timed between dbos4j's.
 */
final class JdbcTransactions implements AutoCloseable {
  private static final String INSERT = AppDatabase.insertInto(AppDatabase.JDBC_TABLE);

  private final String name;
  private final Connection connection;

  private JdbcTransactions(String name, Connection connection) {
    this.name = name;
    this.connection = connection;
  }

  /** Creates the loop's table in {@code database} and connects as dbos4j's pool does. */
  static JdbcTransactions open(AppDatabase database) throws SQLException {
    database.createTable(AppDatabase.JDBC_TABLE);
    return new JdbcTransactions(database.baselineName(), database.connect());
  }

  /** The {@code system=} label of its figures. */
  String name() {
    return name;
  }

  /**
   * Inserts rows {@code firstId} to {@code firstId + count - 1}, each committed on its own.
   *
   * @return the rows inserted
   */
  int insertRows(long firstId, int count) throws SQLException {
    int inserted = 0;
    for (int i = 0; i < count; i++) {
      try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
        insert.setLong(1, firstId + i);
        insert.setString(2, AppDatabase.PAYLOAD);
        inserted += insert.executeUpdate();
      }
      connection.commit();
    }
    return inserted;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
