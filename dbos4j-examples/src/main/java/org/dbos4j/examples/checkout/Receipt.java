package org.dbos4j.examples.checkout;

/** The outcome of a checkout. */
public record Receipt(String orderId, String paymentId, String shipment, int stockLeft) {}
