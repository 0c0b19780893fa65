package org.dbos4j.examples.checkout;

import java.sql.SQLException;

/**
 * The shop's book of paid orders: the {@code orders} table of the application database. Each method
 * is a {@link org.dbos4j.Transaction}: called from a workflow, its SQL and its checkpoint commit
 * together, so a recovering workflow gets the recorded outcome back instead of running it again;
 * called from anywhere else, it simply runs as one database transaction.
 */
public interface OrderBook {
  /** Creates the {@code orders} table if it does not exist. */
  void createTable() throws SQLException;

  /** Adds a paid order to the book. */
  void record(Order order, String paymentId, String confirmedBy) throws SQLException;

  /** The order's row, or null if the book does not have it. */
  OrderRow find(String orderId) throws SQLException;
}
