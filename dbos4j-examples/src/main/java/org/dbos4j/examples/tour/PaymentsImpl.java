package org.dbos4j.examples.tour;

import org.dbos4j.Step;

// tour:start payments-impl
public class PaymentsImpl implements Payments {
  @Step(retries = 3, intervalMillis = 500, backoff = 2.0) // up to 4 attempts, then checkpointed
  @Override
  public String charge(String orderId, long cents) {
    return "payment-" + orderId; // call the payment provider here
  }
}
// tour:end payments-impl
