package org.dbos4j.examples.checkout;

/**
 * The outcome of a checkout. A cancelled order (no confirmation in time) has no payment and no
 * tracking number: both are null.
 */
public record Receipt(String orderId, String paymentId, String trackingNumber, int stockLeft) {
  static Receipt cancelled(String orderId, int stockLeft) {
    return new Receipt(orderId, null, null, stockLeft);
  }
}
