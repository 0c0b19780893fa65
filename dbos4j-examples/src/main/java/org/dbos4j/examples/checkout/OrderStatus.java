package org.dbos4j.examples.checkout;

/**
 * What a checkout publishes under the event {@link CheckoutWorkflows#STATUS}, in the order it
 * happens: a later stage compares greater than an earlier one.
 */
public enum OrderStatus {
  RECEIVED,
  AWAITING_CONFIRMATION,
  PAYING,
  SHIPPING,
  AWAITING_REVIEW,
  COMPLETED,
  CANCELLED
}
