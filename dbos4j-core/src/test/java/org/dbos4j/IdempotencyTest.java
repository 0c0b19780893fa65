package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A workflow ID is an idempotency key: one execution per ID, one function per ID. */
@BothBackends
class IdempotencyTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);

  public interface Orders {
    String checkout(String order);

    String refund(String order);

    String gated(String order);

    String fails(String order);
  }

  static final class OrdersImpl implements Orders {
    final AtomicInteger checkouts = new AtomicInteger();
    final AtomicInteger refunds = new AtomicInteger();
    final AtomicInteger gatedRuns = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    private final Gate gate;

    OrdersImpl(Gate gate) {
      this.gate = gate;
    }

    @Workflow
    @Override
    public String checkout(String order) {
      return "receipt " + order + " #" + checkouts.incrementAndGet();
    }

    @Workflow
    @Override
    public String refund(String order) {
      return "refund " + order + " #" + refunds.incrementAndGet();
    }

    @Workflow
    @Override
    public String gated(String order) {
      int run = gatedRuns.incrementAndGet();
      gate.pass();
      return "gated " + order + " #" + run;
    }

    @Workflow
    @Override
    public String fails(String order) {
      throw new IllegalStateException("failure #" + failures.incrementAndGet() + " for " + order);
    }
  }

  private OrdersImpl impl;

  private Orders launch(Gate gate) {
    DBOS.configure(db.config().build());
    impl = new OrdersImpl(gate);
    Orders orders = DBOS.register(Orders.class, impl);
    DBOS.launch();
    return orders;
  }

  private static <T> T withId(String id, java.util.function.Supplier<T> call) {
    try (var ignored = new SetWorkflowID(id)) {
      return call.get();
    }
  }

  @Test
  void aSecondCallWithTheSameIdReturnsTheRecordedResultWithoutRunning() throws Exception {
    Orders orders = launch(Gate.opened());

    assertThat(withId("order-1", () -> orders.checkout("o1"))).isEqualTo("receipt o1 #1");
    assertThat(withId("order-1", () -> orders.checkout("o1"))).isEqualTo("receipt o1 #1");
    // Even with other arguments: the ID, not the input, identifies the execution.
    assertThat(withId("order-1", () -> orders.checkout("other"))).isEqualTo("receipt o1 #1");
    assertThat(impl.checkouts).hasValue(1);

    // A fresh ID runs again.
    assertThat(withId("order-2", () -> orders.checkout("o1"))).isEqualTo("receipt o1 #2");
    assertThat(tables.workflowRows()).isEqualTo(2);
  }

  @Test
  void theRecordedResultSurvivesARestart() throws Exception {
    Orders orders = launch(Gate.opened());
    assertThat(withId("order-1", () -> orders.checkout("o1"))).isEqualTo("receipt o1 #1");
    DBOS.shutdown();

    Orders again = launch(Gate.opened());
    assertThat(withId("order-1", () -> again.checkout("o1"))).isEqualTo("receipt o1 #1");
    assertThat(
            DBOS.startWorkflow(
                    () -> again.checkout("o1"),
                    StartWorkflowOptions.builder().workflowId("order-1").build())
                .getResult())
        .isEqualTo("receipt o1 #1");
    assertThat(impl.checkouts).as("no run in the second process").hasValue(0);
  }

  @Test
  void aRecordedFailureIsRethrownWithoutRunningAgain() throws Exception {
    Orders orders = launch(Gate.opened());
    assertThatThrownBy(() -> withId("failing", () -> orders.fails("o")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("failure #1 for o");
    assertThatThrownBy(() -> withId("failing", () -> orders.fails("o")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("failure #1 for o");
    assertThat(impl.failures).hasValue(1);
    assertThat(tables.status("failing")).isEqualTo("ERROR");
  }

  @Test
  void theSameIdForAnotherWorkflowIsAConflict() throws Exception {
    Orders orders = launch(Gate.opened());
    withId("shared-id", () -> orders.checkout("o1"));

    assertThatThrownBy(() -> withId("shared-id", () -> orders.refund("o1")))
        .isInstanceOf(DBOSWorkflowConflictException.class)
        .hasMessageContaining("shared-id")
        .hasMessageContaining("OrdersImpl.checkout")
        .hasMessageContaining("OrdersImpl.refund")
        .satisfies(
            e ->
                assertThat(((DBOSWorkflowConflictException) e).workflowId())
                    .isEqualTo("shared-id"));
    assertThatThrownBy(
            () ->
                DBOS.startWorkflow(
                    () -> orders.refund("o1"),
                    StartWorkflowOptions.builder().workflowId("shared-id").build()))
        .isInstanceOf(DBOSWorkflowConflictException.class);
    assertThat(impl.refunds).hasValue(0);
    assertThat(
            tables.string(
                "SELECT name FROM dbos.workflow_status WHERE workflow_uuid = ?", "shared-id"))
        .isEqualTo("OrdersImpl.checkout");
  }

  @Test
  void theSameIdForAnotherWorkflowWhileTheFirstRunsIsAConflict() throws Exception {
    Gate gate = new Gate(1);
    Orders orders = launch(gate);
    WorkflowHandle<String> running =
        DBOS.startWorkflow(
            () -> orders.gated("o1"), StartWorkflowOptions.builder().workflowId("busy").build());
    gate.awaitArrivals();

    assertThatThrownBy(() -> withId("busy", () -> orders.refund("o1")))
        .isInstanceOf(DBOSWorkflowConflictException.class)
        .hasMessageContaining("OrdersImpl.gated");
    gate.open();
    assertThat(running.getResult()).isEqualTo("gated o1 #1");
    assertThat(impl.refunds).hasValue(0);
  }

  @Test
  void callingOrStartingAWorkflowThatIsRunningHereAttachesToIt() throws Exception {
    Gate gate = new Gate(1);
    Orders orders = launch(gate);
    WorkflowHandle<String> first =
        DBOS.startWorkflow(
            () -> orders.gated("o1"), StartWorkflowOptions.builder().workflowId("attach").build());
    gate.awaitArrivals();

    CompletableFuture<String> called =
        CompletableFuture.supplyAsync(() -> withId("attach", () -> orders.gated("o1")));
    WorkflowHandle<String> second =
        DBOS.startWorkflow(
            () -> orders.gated("o1"), StartWorkflowOptions.builder().workflowId("attach").build());
    assertThat(second.workflowId()).isEqualTo("attach");
    assertThat(called).isNotDone();
    gate.open();

    assertThat(first.getResult()).isEqualTo("gated o1 #1");
    assertThat(second.getResult()).isEqualTo("gated o1 #1");
    assertThat(called.get(Gate.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("gated o1 #1");
    assertThat(impl.gatedRuns).as("the body ran once").hasValue(1);
    assertThat(
            tables.count(
                "SELECT recovery_attempts FROM dbos.workflow_status WHERE workflow_uuid = ?",
                "attach"))
        .as("attaching is not another execution")
        .isEqualTo(1);
  }
}
