package org.dbos4j.examples.checkout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.dbos4j.DBOS;
import org.dbos4j.Isolation;
import org.dbos4j.Transaction;

/**
 * The order book in SQL that runs unchanged on SQLite and PostgreSQL. Every method works on {@link
 * DBOS#sqlSession()}, the connection of its transaction: dbos4j begins the transaction, commits it
 * when the method returns and rolls it back when the method throws.
 */
public final class SqlOrderBook implements OrderBook {
  @Transaction
  @Override
  public void createTable() throws SQLException {
    try (Statement st = DBOS.sqlSession().createStatement()) {
      st.execute(
          """
          CREATE TABLE IF NOT EXISTS orders (
            order_id TEXT PRIMARY KEY,
            sku TEXT NOT NULL,
            quantity INTEGER NOT NULL,
            amount_cents BIGINT NOT NULL,
            payment_id TEXT NOT NULL,
            confirmed_by TEXT NOT NULL
          )""");
    }
  }

  // Serializable, the default. From a workflow, the row and the checkpoint of this call are in
  // one commit: a crash keeps both or neither, so the row is inserted exactly once.
  @Transaction
  @Override
  public void record(Order order, String paymentId, String confirmedBy) throws SQLException {
    try (PreparedStatement insert =
        DBOS.sqlSession()
            .prepareStatement(
                "INSERT INTO orders"
                    + " (order_id, sku, quantity, amount_cents, payment_id, confirmed_by)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, order.orderId());
      insert.setString(2, order.sku());
      insert.setInt(3, order.quantity());
      insert.setLong(4, order.amountCents());
      insert.setString(5, paymentId);
      insert.setString(6, confirmedBy);
      insert.executeUpdate();
    }
    Narrator.say(
        "  [transaction] inserted {} into the orders table (a @Transaction: the row and its"
            + " checkpoint commit together)",
        order.orderId());
  }

  // One statement reading one row needs no stronger isolation than read committed.
  @Transaction(isolation = Isolation.READ_COMMITTED)
  @Override
  public OrderRow find(String orderId) throws SQLException {
    Connection sql = DBOS.sqlSession();
    try (PreparedStatement select =
        sql.prepareStatement(
            "SELECT sku, quantity, amount_cents, payment_id, confirmed_by FROM orders"
                + " WHERE order_id = ?")) {
      select.setString(1, orderId);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new OrderRow(
            orderId,
            rs.getString(1),
            rs.getInt(2),
            rs.getLong(3),
            rs.getString(4),
            rs.getString(5));
      }
    }
  }
}
