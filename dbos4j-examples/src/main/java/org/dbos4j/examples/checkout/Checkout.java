package org.dbos4j.examples.checkout;

import java.sql.SQLException;

/** The order workflows. */
public interface Checkout {
  /**
   * Reserves stock, waits for the customer's confirmation, charges, records the order, ships,
   * reminds.
   */
  Receipt checkout(Order order) throws SQLException;

  /** Packs and hands the parcel to a courier; returns the tracking number. */
  String ship(String orderId);
}
