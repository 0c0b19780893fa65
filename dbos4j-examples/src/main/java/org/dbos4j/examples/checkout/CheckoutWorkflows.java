package org.dbos4j.examples.checkout;

import org.dbos4j.DBOS;
import org.dbos4j.Workflow;

/** The checkout: reserve, charge, ship (a child workflow), send the receipt. */
public final class CheckoutWorkflows implements Checkout {
  private final Payments payments;
  private Checkout self;

  public CheckoutWorkflows(Payments payments) {
    this.payments = payments;
  }

  /** The registered proxy of this instance, through which child workflows are durable. */
  void setSelf(Checkout self) {
    this.self = self;
  }

  @Workflow
  @Override
  public Receipt checkout(Order order) {
    Narrator.say("  [workflow {}] checking out {}", DBOS.workflowId(), order.orderId());
    DBOS.logger().debug("checkout of {} started", order.orderId());
    int stockLeft = payments.reserveStock(order.sku(), order.quantity());
    String paymentId = payments.chargeCard(order.orderId(), order.amountCents());
    String shipment = DBOS.startWorkflow(() -> self.ship(order.orderId())).getResult();
    payments.sendReceipt(order.orderId(), paymentId);
    return new Receipt(order.orderId(), paymentId, shipment, stockLeft);
  }

  @Workflow
  @Override
  public String ship(String orderId) {
    String label = DBOS.runStep("printLabel", () -> "label-" + orderId);
    Narrator.say("  [child workflow {}] shipping with {}", DBOS.workflowId(), label);
    return "shipped:" + label;
  }
}
