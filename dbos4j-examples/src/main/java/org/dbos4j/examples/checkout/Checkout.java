package org.dbos4j.examples.checkout;

/** The order workflows. */
public interface Checkout {
  /** Reserves stock, waits for the customer's confirmation, charges, ships, reminds. */
  Receipt checkout(Order order);

  /** Packs and hands the parcel to a courier; returns the tracking number. */
  String ship(String orderId);
}
