package org.dbos4j.examples.checkout;

/** The order workflows. */
public interface Checkout {
  Receipt checkout(Order order);

  String ship(String orderId);
}
