package org.dbos4j.examples.checkout;

/** A row of the {@code orders} table: a paid order. */
public record OrderRow(
    String orderId,
    String sku,
    int quantity,
    long amountCents,
    String paymentId,
    String confirmedBy) {}
