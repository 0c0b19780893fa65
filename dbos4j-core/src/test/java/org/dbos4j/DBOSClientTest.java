package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.internal.lifecycle.Lifecycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@link DBOSClient} works with the workflows of the launched process of this JVM through the
 * system database alone: it enqueues them by name, sends them messages, reads their events, results
 * and statuses, and cancels and resumes them, as {@link DBOS} does.
 */
@BothBackends
class DBOSClientTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  /** Where nothing notifies (SQLite), waiters in both processes look this often. */
  private static final Duration FAST_POLL = Duration.ofMillis(100);

  private final SystemTables tables = new SystemTables(db);

  static final AtomicInteger stepRuns = new AtomicInteger();

  public record Item(String sku, int quantity) {}

  public interface Orders {
    String checkout(String order, long amount, Item item);

    String awaitTwo(String topic);

    String publish(String value);

    String stepThenWait();

    String relay(String target, String finished);

    String fail(String message);
  }

  static final class OrdersImpl implements Orders {
    @Workflow
    @Override
    public String checkout(String order, long amount, Item item) {
      return order + ":" + amount + ":" + item.sku() + "x" + item.quantity();
    }

    @Workflow
    @Override
    public String awaitTwo(String topic) {
      String first = DBOS.recv(topic, Duration.ofMinutes(5));
      String second = DBOS.recv(topic, Duration.ofMinutes(5));
      return first + "," + second;
    }

    @Workflow
    @Override
    public String publish(String value) {
      DBOS.setEvent("status", value);
      return value;
    }

    @Workflow
    @Override
    public String stepThenWait() {
      int runs = DBOS.runStep("first", stepRuns::incrementAndGet);
      String message = DBOS.recv("go", Duration.ofMinutes(5));
      return runs + ":" + message;
    }

    @Workflow
    @Override
    public String relay(String target, String finished) {
      clientInWorkflows.send(target, "relayed", "topic");
      String event = clientInWorkflows.getEvent(target, "none", Duration.ZERO);
      String result = clientInWorkflows.<String>retrieveWorkflow(finished).getResult();
      return "relayed " + event + " " + result;
    }

    @Workflow
    @Override
    public String fail(String message) {
      throw new IllegalStateException(message);
    }
  }

  /** The client that {@code relay} uses inside a workflow. */
  static volatile DBOSClient clientInWorkflows;

  private DBOSClient client;

  private Orders launch() {
    DBOS.configure(db.config().fallbackPollInterval(FAST_POLL).build());
    DBOS.registerQueue(Queue.builder("orders").build());
    DBOS.registerQueue(
        Queue.builder("ranked").priorityEnabled(true).partitioned(true).concurrency(1).build());
    Orders orders = DBOS.register(Orders.class, new OrdersImpl());
    DBOS.launch();
    client = newClient();
    return orders;
  }

  private static DBOSClient newClient() {
    return DBOSClient.builder()
        .systemDatabaseUrl(db.url())
        .user(TestPostgres.user())
        .password(TestPostgres.password())
        .fallbackPollInterval(FAST_POLL)
        .build();
  }

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void aWorkflowEnqueuedByNameRunsInTheLaunchedProcessWithItsArguments() {
    launch();
    WorkflowHandle<String> handle =
        client.enqueue(
            EnqueueOptions.builder("OrdersImpl.checkout", "orders")
                .workflowId("order-1")
                .className(OrdersImpl.class.getName())
                .build(),
            "order-1",
            42L,
            new Item("sku-7", 3));

    assertThat(handle.workflowId()).isEqualTo("order-1");
    assertThat(handle.getResult()).isEqualTo("order-1:42:sku-7x3");
    WorkflowStatus status = client.retrieveWorkflow("order-1").getStatus();
    assertThat(status.state()).isEqualTo(WorkflowState.SUCCESS);
    assertThat(status.name()).isEqualTo("OrdersImpl.checkout");
    assertThat(status.className()).isEqualTo(OrdersImpl.class.getName());
    assertThat(status.instanceName()).isEmpty();
    assertThat(status.queueName()).isEqualTo("orders");
    assertThat(status.input()).containsExactly("order-1", 42L, new Item("sku-7", 3));
    assertThat(status.output()).isEqualTo("order-1:42:sku-7x3");
    assertThat(status.executorId()).as("recorded by the process that ran it").isEqualTo("local");
    assertThat(DBOS.retrieveWorkflow("order-1").getResult()).isEqualTo("order-1:42:sku-7x3");
  }

  @Test
  void theClientRethrowsTheErrorOfAWorkflow() {
    launch();
    WorkflowHandle<String> handle =
        client.enqueue(
            EnqueueOptions.builder("OrdersImpl.fail", "orders").workflowId("failing").build(),
            "boom");

    assertThatThrownBy(handle::getResult)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");
    WorkflowStatus status = client.retrieveWorkflow("failing").getStatus();
    assertThat(status.state()).isEqualTo(WorkflowState.ERROR);
    assertThat(status.error()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
  }

  @Test
  void anEnqueueWithoutAnIdGetsARandomOneAndAsyncResultsWork() throws Exception {
    launch();
    WorkflowHandle<String> handle =
        client.enqueue(
            EnqueueOptions.builder("OrdersImpl.checkout", "orders").build(),
            "o",
            1L,
            new Item("a", 1));
    assertThat(handle.workflowId()).isNotBlank();
    assertThat(handle.getResultAsync().get()).isEqualTo("o:1:ax1");
  }

  @Test
  void theOptionsOfAnEnqueueAreRecorded() throws Exception {
    launch();
    client.enqueue(
        EnqueueOptions.builder("OrdersImpl.awaitTwo", "ranked")
            .workflowId("ranked-1")
            .priority(5)
            .deduplicationId("dedup-1")
            .partitionKey("customer-7")
            .timeout(Duration.ofMinutes(10))
            .appVersion("test-version")
            .build(),
        "t");
    Conditions.awaitTrue(
        "the workflow is dequeued and waits", () -> Lifecycle.INSTANCE.parkedWaiters() == 1);

    WorkflowStatus status = client.retrieveWorkflow("ranked-1").getStatus();
    assertThat(status.state()).isEqualTo(WorkflowState.PENDING);
    assertThat(status.priority()).isEqualTo(5);
    assertThat(status.deduplicationId()).isEqualTo("dedup-1");
    assertThat(status.partitionKey()).isEqualTo("customer-7");
    assertThat(status.timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(status.deadline()).as("counted from the dequeue").isNotNull();
    assertThat(status.appVersion()).isEqualTo("test-version");

    EnqueueOptions duplicate =
        EnqueueOptions.builder("OrdersImpl.awaitTwo", "ranked")
            .workflowId("ranked-2")
            .deduplicationId("dedup-1")
            .partitionKey("customer-7")
            .build();
    assertThatThrownBy(() -> client.enqueue(duplicate, "t"))
        .isInstanceOf(DBOSQueueDuplicatedException.class)
        .satisfies(
            e -> {
              DBOSQueueDuplicatedException d = (DBOSQueueDuplicatedException) e;
              assertThat(d.queueName()).isEqualTo("ranked");
              assertThat(d.deduplicationId()).isEqualTo("dedup-1");
            });
    assertThat(client.retrieveWorkflow("ranked-1").getStatus().state())
        .isEqualTo(WorkflowState.PENDING);
    assertThatThrownBy(() -> client.retrieveWorkflow("ranked-2"))
        .as("a refused enqueue records nothing")
        .isInstanceOf(DBOSNonExistentWorkflowException.class);
  }

  @Test
  void aWorkflowOfAnotherApplicationVersionIsLeftForAProcessOfThatVersion() {
    launch();
    client.enqueue(
        EnqueueOptions.builder("OrdersImpl.checkout", "orders")
            .workflowId("for-v2")
            .appVersion("v2")
            .build(),
        "x",
        1L,
        new Item("a", 1));
    WorkflowHandle<String> later =
        client.enqueue(
            EnqueueOptions.builder("OrdersImpl.checkout", "orders").workflowId("for-any").build(),
            "y",
            2L,
            new Item("b", 2));

    assertThat(later.getResult()).isEqualTo("y:2:bx2");
    assertThat(client.retrieveWorkflow("for-v2").getStatus().state())
        .as("enqueued first, but of another version")
        .isEqualTo(WorkflowState.ENQUEUED);
  }

  @Test
  void anEnqueueUnderTheIdOfAnotherWorkflowIsAConflict() {
    launch();
    client
        .enqueue(
            EnqueueOptions.builder("OrdersImpl.publish", "orders").workflowId("taken").build(), "v")
        .getResult();
    WorkflowHandle<String> again =
        client.enqueue(
            EnqueueOptions.builder("OrdersImpl.publish", "orders").workflowId("taken").build(),
            "other");
    assertThat(again.getResult()).as("the same workflow: changes nothing").isEqualTo("v");
    assertThatThrownBy(
            () ->
                client.enqueue(
                    EnqueueOptions.builder("OrdersImpl.checkout", "orders")
                        .workflowId("taken")
                        .build(),
                    "x",
                    1L,
                    new Item("a", 1)))
        .isInstanceOf(DBOSWorkflowConflictException.class)
        .hasMessageContaining("taken");
  }

  @Test
  void messagesSentByTheClientReachTheWorkflowOncePerIdempotencyKey() {
    Orders orders = launch();
    WorkflowHandle<String> handle =
        DBOS.startWorkflow(
            () -> orders.awaitTwo("topic"),
            StartWorkflowOptions.builder().workflowId("receiver").build());

    client.send("receiver", "first", "topic", "key-1");
    client.send("receiver", "first again", "topic", "key-1");
    client.send("receiver", "second", "topic");

    assertThat(handle.getResult()).isEqualTo("first,second");
    assertThat(client.retrieveWorkflow("receiver").getResult()).isEqualTo("first,second");
  }

  @Test
  void theClientReadsEventsAndWaitsForThem() {
    launch();
    assertThat((String) client.getEvent("publisher", "status", Duration.ZERO))
        .as("not set yet")
        .isNull();
    client.enqueue(
        EnqueueOptions.builder("OrdersImpl.publish", "orders").workflowId("publisher").build(),
        "shipped");
    String value = client.getEvent("publisher", "status", Duration.ofSeconds(60));
    assertThat(value).isEqualTo("shipped");
  }

  @Test
  void unknownWorkflowsAreRefused() {
    launch();
    assertThatThrownBy(() -> client.retrieveWorkflow("nobody"))
        .isInstanceOf(DBOSNonExistentWorkflowException.class);
    assertThatThrownBy(() -> client.send("nobody", "m", null))
        .isInstanceOf(DBOSNonExistentWorkflowException.class);
    assertThatThrownBy(() -> client.cancelWorkflow("nobody"))
        .isInstanceOf(DBOSNonExistentWorkflowException.class);
    assertThatThrownBy(() -> client.resumeWorkflow("nobody"))
        .isInstanceOf(DBOSNonExistentWorkflowException.class);
    assertThatThrownBy(() -> client.retrieveWorkflow(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.getEvent("x", "", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.send("x", "m", null, " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCancelByTheClientStopsTheWorkflowInTheLaunchedProcess() throws Exception {
    Orders orders = launch();
    WorkflowHandle<String> handle =
        DBOS.startWorkflow(
            () -> orders.awaitTwo("t"),
            StartWorkflowOptions.builder().workflowId("to-cancel").build());
    Conditions.awaitTrue("it waits in recv", () -> Lifecycle.INSTANCE.parkedWaiters() == 1);

    client.cancelWorkflow("to-cancel");

    assertThat(tables.status("to-cancel")).isEqualTo("CANCELLED");
    assertThatThrownBy(handle::getResult).isInstanceOf(DBOSAwaitedWorkflowCancelledException.class);
    assertThatThrownBy(() -> client.retrieveWorkflow("to-cancel").getResult())
        .isInstanceOf(DBOSAwaitedWorkflowCancelledException.class);
    client.cancelWorkflow("to-cancel");
    assertThat(tables.status("to-cancel"))
        .as("cancelling again changes nothing")
        .isEqualTo("CANCELLED");
  }

  @Test
  void aQueuedWorkflowResumedByTheClientGoesBackOnItsQueue() throws Exception {
    stepRuns.set(0);
    launch();
    client.enqueue(
        EnqueueOptions.builder("OrdersImpl.stepThenWait", "orders").workflowId("queued").build());
    Conditions.awaitTrue(
        "it waits in recv after its step",
        () -> stepRuns.get() == 1 && Lifecycle.INSTANCE.parkedWaiters() == 1);
    client.cancelWorkflow("queued");
    Conditions.awaitTrue(
        "the cancelled execution has stopped", () -> Lifecycle.INSTANCE.parkedWaiters() == 0);

    WorkflowHandle<String> resumed = client.resumeWorkflow("queued");

    assertThat(resumed.getStatus().state()).isIn(WorkflowState.ENQUEUED, WorkflowState.PENDING);
    Conditions.awaitTrue(
        "the resumed workflow waits in recv again", () -> Lifecycle.INSTANCE.parkedWaiters() == 1);
    client.send("queued", "now", "go");
    assertThat(resumed.getResult()).isEqualTo("1:now");
    assertThat(stepRuns).as("the recorded step is replayed, not run again").hasValue(1);
  }

  @Test
  void aWorkflowResumedByTheClientIsRecoveredByAProcessOfItsExecutorAndVersion() throws Exception {
    stepRuns.set(0);
    Orders orders = launch();
    DBOS.startWorkflow(
        orders::stepThenWait, StartWorkflowOptions.builder().workflowId("direct").build());
    Conditions.awaitTrue(
        "it waits in recv after its step",
        () -> stepRuns.get() == 1 && Lifecycle.INSTANCE.parkedWaiters() == 1);
    client.cancelWorkflow("direct");
    Conditions.awaitTrue(
        "the cancelled execution has stopped", () -> Lifecycle.INSTANCE.parkedWaiters() == 0);

    WorkflowHandle<String> resumed = client.resumeWorkflow("direct");

    // PENDING without a process, an orphan: the live process takes it over (told at once on
    // PostgreSQL, at its next lease renewal on SQLite)
    assertThat(tables.status("direct")).isEqualTo("PENDING");
    Conditions.awaitTrue(
        "the recovered workflow waits in recv again",
        () -> Lifecycle.INSTANCE.parkedWaiters() == 1);
    client.send("direct", "now", "go");
    assertThat(resumed.getResult()).isEqualTo("1:now");
    assertThat(stepRuns).as("the recorded step is replayed, not run again").hasValue(1);
  }

  @Test
  void resumingAWorkflowThatIsNotCancelledChangesNothing() {
    launch();
    client
        .enqueue(
            EnqueueOptions.builder("OrdersImpl.publish", "orders").workflowId("done").build(), "v")
        .getResult();
    WorkflowHandle<String> handle = client.resumeWorkflow("done");
    assertThat(handle.getStatus().state()).isEqualTo(WorkflowState.SUCCESS);
    assertThat(handle.getResult()).isEqualTo("v");
  }

  @Test
  void theClientKeepsWorkingAfterTheLaunchedProcessShutsDown() {
    launch();
    client
        .enqueue(
            EnqueueOptions.builder("OrdersImpl.publish", "orders").workflowId("p").build(), "v")
        .getResult();
    DBOS.shutdown();
    assertThat(client.retrieveWorkflow("p").getResult()).isEqualTo("v");
    assertThat((String) client.getEvent("p", "status", Duration.ZERO)).isEqualTo("v");
    assertThat(
            client
                .enqueue(EnqueueOptions.builder("OrdersImpl.publish", "orders").build(), "w")
                .getStatus()
                .state())
        .as("recorded, waiting for a process that runs its queue")
        .isEqualTo(WorkflowState.ENQUEUED);
  }

  @Test
  void aClientCalledInsideAWorkflowRecordsNothingThere() {
    Orders orders = launch();
    clientInWorkflows = client;
    WorkflowHandle<String> receiver =
        DBOS.startWorkflow(
            () -> orders.awaitTwo("topic"),
            StartWorkflowOptions.builder().workflowId("target").build());

    client
        .enqueue(
            EnqueueOptions.builder("OrdersImpl.publish", "orders").workflowId("finished").build(),
            "done")
        .getResult();
    String relayed =
        DBOS.startWorkflow(
                () -> orders.relay("target", "finished"),
                StartWorkflowOptions.builder().workflowId("relay").build())
            .getResult();

    assertThat(relayed).isEqualTo("relayed null done");
    assertThat(DBOS.listWorkflowSteps("relay"))
        .as("the client's send, getEvent and getResult are not the workflow's operations")
        .isEmpty();
    client.send("target", "direct", "topic");
    assertThat(receiver.getResult()).isEqualTo("relayed,direct");
  }

  @Test
  void aClosedClientRefusesWork() {
    launch();
    DBOSClient closed = newClient();
    closed.close();
    closed.close();
    assertThatThrownBy(() -> closed.retrieveWorkflow("x")).isInstanceOf(DBOSException.class);
  }
}
