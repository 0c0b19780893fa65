package org.dbos4j.examples.tour;

import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.dbos4j.DBOS;
import org.dbos4j.Workflow;

// tour:start orders-impl
public class OrdersImpl implements Orders {
  private final Payments payments;
  private final Ledger ledger;

  public OrdersImpl(Payments payments, Ledger ledger) {
    this.payments = payments; // registered proxies: calls through them are durable
    this.ledger = ledger;
  }

  @Workflow // named "OrdersImpl.checkout"; @Workflow(name = "...") to choose
  @Override
  public String checkout(String orderId) throws SQLException {
    DBOS.logger().info("checking out {} in workflow {}", orderId, DBOS.workflowId());
    String receiptNo = DBOS.runStep("receiptNo", () -> UUID.randomUUID().toString());

    DBOS.setEvent("status", "awaiting confirmation"); // published; the latest value wins
    String answer = DBOS.recv("confirmation", Duration.ofMinutes(5)); // null on timeout
    if (answer == null) {
      DBOS.setEvent("status", "cancelled");
      return "cancelled";
    }

    String payment = payments.charge(orderId, 2598); // a step: retried, then checkpointed
    ledger.record(orderId, payment); // a transaction: its SQL and checkpoint commit as one
    DBOS.sleep(Duration.ofSeconds(1)); // durable: after a restart it wakes at the recorded time
    DBOS.setEvent("status", "paid");
    return receiptNo + " " + payment;
  }
}
// tour:end orders-impl
