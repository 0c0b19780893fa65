package org.dbos4j.examples.checkout;

import static org.dbos4j.examples.checkout.CheckoutWorkflows.CONFIRMATION;
import static org.dbos4j.examples.checkout.CheckoutWorkflows.STATUS;
import static org.dbos4j.examples.checkout.CheckoutWorkflows.TRACKING;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.dbos4j.DBOS;
import org.dbos4j.DBOSConfig;
import org.dbos4j.DBOSContextEnsure;
import org.dbos4j.Queue;
import org.dbos4j.StartWorkflowOptions;
import org.dbos4j.WorkflowHandle;
import org.dbos4j.WorkflowState;
import org.dbos4j.WorkflowStatus;

/**
 * A small durable checkout, told as it happens. The program plays the storefront: it enqueues the
 * checkout of order 1001 on the {@code checkouts} queue under the workflow ID {@code
 * checkout-order-1001}, watches the status the workflow publishes, and confirms the order as the
 * customer would.
 *
 * <p>Run it twice: the second run finds the workflow of order 1001 finished in the system database,
 * gets its recorded receipt back, and neither charges the card again nor waits for a confirmation;
 * the {@code orders} table still holds the order once.
 *
 * <p>The system database is an embedded SQLite file, {@code checkout-example.sqlite} in the working
 * directory, unless {@code DBOS_SYSTEM_DATABASE_URL} names another one ({@code
 * jdbc:postgresql://host:5432/name}, with {@code DBOS_DATABASE_USER} and {@code
 * DBOS_DATABASE_PASSWORD}; for PostgreSQL they default to {@code postgres} and {@code dbos}). The
 * application database, which holds the {@code orders} table, is the system database unless {@code
 * DBOS_DATABASE_URL} names another one.
 */
public final class CheckoutApp {
  static final String DEFAULT_SYSTEM_DATABASE_URL = "jdbc:sqlite:checkout-example.sqlite";
  static final String CUSTOMER = "alice@example.com";

  private static final Duration STATUS_POLL_INTERVAL = Duration.ofMillis(50);

  /**
   * The queue checkouts wait on: at most 10 run at once, in all the shop's processes together, so a
   * rush of orders does not swamp the payment provider.
   */
  static final Queue CHECKOUTS = Queue.builder("checkouts").concurrency(10).build();

  private CheckoutApp() {}

  public static void main(String[] args) throws InterruptedException, SQLException {
    DBOS.configure(configFromEnvironment());
    try {
      SimulatedShop simulatedShop = new SimulatedShop();
      Shop shop = DBOS.register(Shop.class, simulatedShop);
      OrderBook orderBook = DBOS.register(OrderBook.class, new SqlOrderBook());
      CheckoutWorkflows workflows = new CheckoutWorkflows(shop, orderBook);
      Checkout checkout = DBOS.register(Checkout.class, workflows);
      workflows.setSelf(checkout);
      DBOS.registerQueue(CHECKOUTS); // before launch: this process then runs the queue's workflows
      DBOS.launch(); // creates both databases if missing; resumes unfinished workflows
      Narrator.say("System database: {}", withoutParameters(DBOS.config().systemDatabaseUrl()));
      Narrator.say(
          "Application database, with the orders table: {}",
          withoutParameters(DBOS.config().databaseUrl()));
      orderBook.createTable(); // a transaction outside any workflow: it simply runs
      checkOut(
          checkout, orderBook, simulatedShop, new Order("order-1001", "sku-blue-mug", 2, 2598));
    } finally {
      DBOS.shutdown();
    }
  }

  /** The storefront's side of one checkout. */
  private static void checkOut(
      Checkout checkout, OrderBook orderBook, SimulatedShop simulatedShop, Order order)
      throws InterruptedException, SQLException {
    String workflowId = "checkout-" + order.orderId();
    Narrator.say(
        "Checking out {} ({} x {}, {} cents) as workflow {}",
        order.orderId(),
        order.quantity(),
        order.sku(),
        order.amountCents(),
        workflowId);
    // Recorded ENQUEUED before startWorkflow returns; this process's queue dispatcher starts it.
    // The workflow ID is the order's idempotency key: with an ID that exists, startWorkflow
    // returns a handle to the recorded workflow and enqueues nothing.
    WorkflowHandle<Receipt> handle =
        DBOS.startWorkflow(
            () -> checkout.checkout(order),
            StartWorkflowOptions.builder().queue(CHECKOUTS).workflowId(workflowId).build());
    CompletableFuture<String> tracking =
        DBOS.getEventAsync(workflowId, TRACKING, Duration.ofSeconds(60));

    WorkflowState state = handle.getStatus().state();
    if (!state.isTerminal()) {
      Narrator.say(
          "Storefront: {} is on queue {} (at most {} checkouts at once, in every process)",
          workflowId,
          CHECKOUTS.name(),
          CHECKOUTS.concurrency());
      OrderStatus status = awaitStatus(handle, OrderStatus.AWAITING_CONFIRMATION);
      if (status == OrderStatus.AWAITING_CONFIRMATION) {
        customerConfirms(workflowId);
      }
    } else {
      Narrator.say(
          "Workflow {} already exists and is {}: an earlier run processed {}, so nothing runs"
              + " again and no confirmation is needed",
          workflowId,
          state,
          order.orderId());
    }

    Receipt receipt = handle.getResult();
    OrderStatus finalStatus = DBOS.getEvent(workflowId, STATUS, Duration.ofSeconds(5));
    Narrator.say("Storefront: the order page shows {}", finalStatus);
    if (finalStatus == OrderStatus.COMPLETED) {
      Narrator.say("Storefront: tracking number {}", tracking.join());
    }
    OrderRow row = orderBook.find(order.orderId());
    if (row == null) {
      Narrator.say("Storefront: the orders table has no row for {}", order.orderId());
    } else {
      Narrator.say(
          "Storefront: the orders table has {}: {} x {}, {} cents, payment {}, confirmed by {}",
          row.orderId(),
          row.quantity(),
          row.sku(),
          row.amountCents(),
          row.paymentId(),
          row.confirmedBy());
    }
    Narrator.say("Receipt: {}", receipt);
    int attempts = simulatedShop.chargeAttempts();
    if (attempts == 0) {
      Narrator.say("Card charge attempts in this run: 0 (the order was paid in an earlier run)");
    } else {
      Narrator.say("Card charge attempts in this run: {}; the card was charged once", attempts);
    }

    WorkflowStatus status = DBOS.retrieveWorkflow(workflowId).getStatus();
    Narrator.say(
        "Workflow {} is {} after {} execution(s); run this program again: the same order is not"
            + " processed twice",
        status.workflowId(),
        status.state(),
        status.recoveryAttempts());
  }

  /**
   * The storefront's order page: reads the status the workflow publishes until it reaches {@code
   * wanted} (or a later stage) or the workflow ends, and returns the last one read.
   */
  private static OrderStatus awaitStatus(WorkflowHandle<Receipt> handle, OrderStatus wanted)
      throws InterruptedException {
    OrderStatus shown = null;
    while (true) {
      // Waits for a first value; afterwards returns the latest one at once.
      OrderStatus status = DBOS.getEvent(handle.workflowId(), STATUS, Duration.ofSeconds(5));
      if (status != null && status != shown) {
        Narrator.say("Storefront: the order page shows {}", status);
        shown = status;
      }
      if ((status != null && status.compareTo(wanted) >= 0)
          || handle.getStatus().state().isTerminal()) {
        return status;
      }
      Thread.sleep(STATUS_POLL_INTERVAL.toMillis());
    }
  }

  /**
   * The customer clicks the link in the confirmation e-mail. The click would arrive as an HTTP
   * request; {@link DBOSContextEnsure} gives its handler a DBOS context, as web middleware does.
   */
  private static void customerConfirms(String workflowId) {
    try (DBOSContextEnsure context = new DBOSContextEnsure()) {
      Narrator.say("Customer {} clicks the confirmation link", CUSTOMER);
      // The async form would let a web handler answer before the message is written; the
      // storefront here simply waits until it is.
      DBOS.sendAsync(workflowId, CUSTOMER, CONFIRMATION).join();
    }
  }

  /**
   * The configuration from {@code DBOS_*} environment variables, with the embedded SQLite file as
   * the default system database, and the system database as the default application database.
   */
  static DBOSConfig configFromEnvironment() {
    String systemUrl = env("DBOS_SYSTEM_DATABASE_URL", DEFAULT_SYSTEM_DATABASE_URL);
    String url = env("DBOS_DATABASE_URL", systemUrl);
    DBOSConfig.Builder config =
        DBOSConfig.builder()
            .appName("checkout-example")
            .systemDatabaseUrl(systemUrl)
            .databaseUrl(url);
    boolean postgres =
        systemUrl.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:postgresql:");
    String user = env("DBOS_DATABASE_USER", postgres ? "postgres" : null);
    String password = env("DBOS_DATABASE_PASSWORD", postgres ? "dbos" : null);
    if (user != null) {
      config.user(user);
    }
    if (password != null) {
      config.password(password);
    }
    return config.build();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** The URL without its query string, where a password may hide. */
  private static String withoutParameters(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }
}
