package org.dbos4j.examples.tour;

// tour:start orders
public interface Orders {
  String checkout(String orderId);
}
// tour:end orders
