package org.dbos4j.examples.checkout;

/** Talks to the (simulated) outside world: each call is a checkpointed step. */
public interface Payments {
  int reserveStock(String sku, int quantity);

  String chargeCard(String orderId, long amountCents);

  void sendReceipt(String orderId, String paymentId);
}
