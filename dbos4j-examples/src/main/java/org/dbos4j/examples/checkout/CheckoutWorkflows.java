package org.dbos4j.examples.checkout;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.dbos4j.DBOS;
import org.dbos4j.StepOptions;
import org.dbos4j.Workflow;
import org.dbos4j.WorkflowHandle;

/**
 * The checkout of one order, and the shipping of a paid order as its child workflow.
 *
 * <p>Everything that touches the outside world is a step of {@link Shop} or an inline {@code
 * DBOS.runStep}, and the paid order goes into the application database in a transaction of {@link
 * OrderBook}; the workflow bodies only decide what happens next, so that a recovering workflow
 * replays its recorded steps and transactions and carries on from the first one that had not
 * finished.
 */
public final class CheckoutWorkflows implements Checkout {
  /** The event under which a checkout publishes its {@link OrderStatus}. */
  public static final String STATUS = "status";

  /** The event under which a checkout publishes the tracking number once the parcel has left. */
  public static final String TRACKING = "tracking";

  /** The topic of the customer's confirmation message. */
  public static final String CONFIRMATION = "confirmation";

  static final Duration CONFIRMATION_TIMEOUT = Duration.ofSeconds(30);
  static final Duration REVIEW_REMINDER_DELAY = Duration.ofSeconds(2);
  static final Duration COURIER_PICKUP_DELAY = Duration.ofMillis(300);

  private final Shop shop;
  private final OrderBook orderBook;
  private Checkout self;

  /** Takes the registered proxies, so that the calls through them are durable. */
  public CheckoutWorkflows(Shop shop, OrderBook orderBook) {
    this.shop = shop;
    this.orderBook = orderBook;
  }

  /**
   * The registered proxy of this instance: a workflow started through it is a durable child
   * workflow, where a call through {@code this} would be a plain method call.
   */
  void setSelf(Checkout self) {
    this.self = self;
  }

  @Workflow
  @Override
  public Receipt checkout(Order order) throws SQLException {
    DBOS.logger().info("checkout of {} started", order.orderId());
    publish(OrderStatus.RECEIVED);
    int stockLeft = shop.reserveStock(order.sku(), order.quantity());

    publish(OrderStatus.AWAITING_CONFIRMATION);
    // Durable wait: after a restart it waits only for what is left of the 30 s.
    String confirmedBy = DBOS.recv(CONFIRMATION, CONFIRMATION_TIMEOUT);
    if (confirmedBy == null) {
      stockLeft = shop.releaseStock(order.sku(), order.quantity());
      publish(OrderStatus.CANCELLED);
      return Receipt.cancelled(order.orderId(), stockLeft);
    }
    Narrator.say("  [workflow {}] confirmed by {}", DBOS.workflowId(), confirmedBy);

    publish(OrderStatus.PAYING);
    String paymentId = shop.chargeCard(order.orderId(), order.amountCents());
    // A transaction: the row and the checkpoint of this call commit together, so a recovering
    // workflow gets the recorded call back and never inserts the row a second time.
    orderBook.record(order, paymentId, confirmedBy);

    publish(OrderStatus.SHIPPING);
    // A child workflow: its ID is derived from this workflow's, so a replay finds the same child.
    WorkflowHandle<String> shipping = DBOS.startWorkflow(() -> self.ship(order.orderId()));
    String trackingNumber = shipping.getResult();
    CompletableFuture<Void> tracking = DBOS.setEventAsync(TRACKING, trackingNumber);
    shop.sendReceipt(order.orderId(), paymentId, trackingNumber);
    tracking.join();

    publish(OrderStatus.AWAITING_REVIEW);
    // A durable timer: the wake-up time is recorded, so a restart still reminds on time.
    DBOS.sleep(REVIEW_REMINDER_DELAY);
    shop.sendReviewReminder(order.orderId());

    publish(OrderStatus.COMPLETED);
    DBOS.logger().info("checkout of {} completed", order.orderId());
    return new Receipt(order.orderId(), paymentId, trackingNumber, stockLeft);
  }

  @Workflow
  @Override
  public String ship(String orderId) {
    Narrator.say("  [child workflow {}] shipping {}", DBOS.workflowId(), orderId);
    // The courier comes by at a fixed time; the parcel is packed while that timer runs.
    CompletableFuture<Void> pickup = DBOS.sleepAsync(COURIER_PICKUP_DELAY);
    String label = DBOS.runStep("printLabel", () -> "label-" + orderId);
    String trackingNumber =
        DBOS.runStep(
            StepOptions.named("bookCourier").retries(2).interval(Duration.ofMillis(100)),
            () -> "TRK-" + orderId.toUpperCase(Locale.ROOT));
    pickup.join();
    Narrator.say(
        "  [child workflow {}] parcel {} picked up, tracking number {}",
        DBOS.workflowId(),
        label,
        trackingNumber);
    return trackingNumber;
  }

  /** Tells the account, then the world (so the account never lags behind what others read). */
  private static void publish(OrderStatus status) {
    Narrator.say("  [workflow {}] status: {}", DBOS.workflowId(), status);
    DBOS.setEvent(STATUS, status);
  }
}
