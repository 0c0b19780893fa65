package org.dbos4j.examples.checkout;

/**
 * The shop's outside world: the warehouse, the card payment provider and the mailer. Each call from
 * a workflow is a checkpointed step: it runs until it succeeds once, and a recovering workflow gets
 * its recorded result instead of running it again.
 */
public interface Shop {
  int reserveStock(String sku, int quantity);

  int releaseStock(String sku, int quantity);

  String chargeCard(String orderId, long amountCents);

  void sendReceipt(String orderId, String paymentId, String trackingNumber);

  void sendReviewReminder(String orderId);
}
