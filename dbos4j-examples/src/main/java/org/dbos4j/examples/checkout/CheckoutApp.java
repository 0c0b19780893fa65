package org.dbos4j.examples.checkout;

import org.dbos4j.DBOS;
import org.dbos4j.DBOSConfig;
import org.dbos4j.SetWorkflowID;
import org.dbos4j.WorkflowHandle;
import org.dbos4j.WorkflowStatus;

/**
 * A small durable checkout. Run it twice: the second run finds order 1001 already processed under
 * its workflow ID and returns the recorded receipt without charging again.
 */
public final class CheckoutApp {
  private CheckoutApp() {}

  public static void main(String[] args) {
    String url =
        System.getenv()
            .getOrDefault(
                "DBOS_SYSTEM_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/dbos4j_example_sys");
    DBOS.configure(
        DBOSConfig.builder()
            .appName("checkout-example")
            .systemDatabaseUrl(url)
            .user(System.getenv().getOrDefault("DBOS_DATABASE_USER", "postgres"))
            .password(System.getenv().getOrDefault("DBOS_DATABASE_PASSWORD", "dbos"))
            .build());
    SimulatedPayments provider = new SimulatedPayments();
    Payments payments = DBOS.register(Payments.class, provider);
    CheckoutWorkflows impl = new CheckoutWorkflows(payments);
    Checkout checkout = DBOS.register(Checkout.class, impl);
    impl.setSelf(checkout);
    DBOS.launch();
    try {
      Order order = new Order("order-1001", "sku-blue-mug", 2, 2598);
      String workflowId = "checkout-" + order.orderId();
      Narrator.say("Checking out {} under workflow ID {}", order.orderId(), workflowId);
      Receipt receipt;
      try (SetWorkflowID id = new SetWorkflowID(workflowId)) {
        receipt = checkout.checkout(order);
      }
      Narrator.say("Receipt: {}", receipt);
      if (provider.chargeAttempts() == 0) {
        Narrator.say(
            "Order {} was already processed by an earlier run: its recorded receipt came back and"
                + " no step ran again (no second charge)",
            order.orderId());
      }

      WorkflowHandle<Receipt> handle = DBOS.retrieveWorkflow(workflowId);
      WorkflowStatus status = handle.getStatus();
      Narrator.say(
          "Workflow {} is {} (executions: {}); run this program again: the same order is not"
              + " processed twice",
          status.workflowId(),
          status.state(),
          status.recoveryAttempts());
    } finally {
      DBOS.shutdown();
    }
  }
}
