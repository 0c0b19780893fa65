package org.dbos4j.examples.tour;

// tour:start payments
public interface Payments {
  String charge(String orderId, long cents);
}
// tour:end payments
