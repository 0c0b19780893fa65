package org.dbos4j.examples.checkout;

/** What the customer bought. */
public record Order(String orderId, String sku, int quantity, long amountCents) {}
