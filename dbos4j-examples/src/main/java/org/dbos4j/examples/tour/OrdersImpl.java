package org.dbos4j.examples.tour;

import java.time.Duration;
import java.util.UUID;
import org.dbos4j.DBOS;
import org.dbos4j.Workflow;

// tour:start orders-impl
public class OrdersImpl implements Orders {
  private final Payments payments;

  public OrdersImpl(Payments payments) {
    this.payments = payments; // the registered proxy: calls through it are durable steps
  }

  @Workflow // named "OrdersImpl.checkout"; @Workflow(name = "...") to choose
  @Override
  public String checkout(String orderId) {
    DBOS.logger().info("checking out {} in workflow {}", orderId, DBOS.workflowId());
    String receiptNo = DBOS.runStep("receiptNo", () -> UUID.randomUUID().toString());

    DBOS.setEvent("status", "awaiting confirmation"); // published; the latest value wins
    String answer = DBOS.recv("confirmation", Duration.ofMinutes(5)); // null on timeout
    if (answer == null) {
      DBOS.setEvent("status", "cancelled");
      return "cancelled";
    }

    String payment = payments.charge(orderId, 2598); // a step: retried, then checkpointed
    DBOS.sleep(Duration.ofSeconds(1)); // durable: after a restart it wakes at the recorded time
    DBOS.setEvent("status", "paid");
    return receiptNo + " " + payment;
  }
}
// tour:end orders-impl
