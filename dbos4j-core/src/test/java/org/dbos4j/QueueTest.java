package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.internal.context.RequestScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Enqueueing: what is recorded before dispatch, who runs the workflow, what it sees, IDs, children,
 * and the enqueues that are refused with nothing recorded.
 */
@BothBackends
class QueueTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);

  public interface Jobs {
    String echo(String value);

    String gated(String value);

    String whoAmI();

    String parent(String value);
  }

  static final class JobsImpl implements Jobs {
    final AtomicInteger runs = new AtomicInteger();
    final Map<String, String> threads = new ConcurrentHashMap<>();
    volatile Gate gate = Gate.opened();
    Jobs self;

    @Workflow
    @Override
    public String echo(String value) {
      runs.incrementAndGet();
      threads.put(value, Thread.currentThread().getName());
      return "echo " + value;
    }

    @Workflow
    @Override
    public String gated(String value) {
      runs.incrementAndGet();
      gate.pass();
      return "gated " + value;
    }

    @Workflow
    @Override
    public String whoAmI() {
      DBOSRequest request = DBOS.request();
      return DBOS.authenticatedUser()
          + " "
          + DBOS.authenticatedRoles()
          + " "
          + DBOS.assumedRole()
          + " "
          + (request == null ? null : request.method() + " " + request.url());
    }

    /** Enqueues a child on the queue and starts one without a queue, returns both results. */
    @Workflow
    @Override
    public String parent(String value) {
      WorkflowHandle<String> queued =
          DBOS.startWorkflow(
              () -> self.echo(value + "-queued"),
              StartWorkflowOptions.builder().queue("jobs").build());
      WorkflowHandle<String> direct = DBOS.startWorkflow(() -> self.echo(value + "-direct"));
      return queued.getResult() + " + " + direct.getResult();
    }
  }

  private JobsImpl impl;
  private Jobs jobs;

  private void launch(Queue... queues) {
    DBOS.configure(db.config().build());
    impl = new JobsImpl();
    jobs = DBOS.register(Jobs.class, impl);
    impl.self = jobs;
    for (Queue q : queues) {
      DBOS.registerQueue(q);
    }
    DBOS.launch();
  }

  private static StartWorkflowOptions.Builder on(String queue) {
    return StartWorkflowOptions.builder().queue(queue);
  }

  private static <T> T result(WorkflowHandle<T> h) throws Exception {
    return h.getResultAsync().get(Gate.TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void anEnqueuedWorkflowRunsOnADispatcherThreadAndReturnsItsResult() throws Exception {
    launch(Queue.builder("jobs").build());
    WorkflowHandle<String> h =
        DBOS.startWorkflow(() -> jobs.echo("a"), on("jobs").workflowId("wf-a").build());

    assertThat(h.workflowId()).isEqualTo("wf-a");
    assertThat(h.getResult()).isEqualTo("echo a");
    assertThat(impl.threads.get("a")).isNotEqualTo(Thread.currentThread().getName());
    WorkflowStatus status = h.getStatus();
    assertThat(status.state()).isEqualTo(WorkflowState.SUCCESS);
    assertThat(status.queueName()).isEqualTo("jobs");
    assertThat(status.recoveryAttempts()).isEqualTo(1);
    assertThat(status.startedAt()).isNotNull();
    assertThat(status.deduplicationId()).isNull();
  }

  @Test
  void anEnqueuedWorkflowIsRecordedEnqueuedWithItsQueueFieldsBeforeItRuns() throws Exception {
    launch(Queue.builder("jobs").concurrency(1).priorityEnabled(true).build());
    impl.gate = new Gate(1);
    WorkflowHandle<String> first =
        DBOS.startWorkflow(() -> jobs.gated("first"), on("jobs").build());
    impl.gate.awaitArrivals();
    WorkflowHandle<String> second =
        DBOS.startWorkflow(
            () -> jobs.echo("second"),
            on("jobs")
                .workflowId("second")
                .priority(7)
                .deduplicationId("dedup-2")
                .timeout(Duration.ofMinutes(5))
                .build());

    WorkflowStatus status = second.getStatus();
    assertThat(status.state()).isEqualTo(WorkflowState.ENQUEUED);
    assertThat(status.queueName()).isEqualTo("jobs");
    assertThat(status.priority()).isEqualTo(7);
    assertThat(status.deduplicationId()).isEqualTo("dedup-2");
    assertThat(status.timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(status.deadline()).isNull();
    assertThat(status.startedAt()).isNull();
    assertThat(status.recoveryAttempts()).isZero();
    assertThat(status.input()).containsExactly("second");
    assertThat(first.getStatus().state()).isEqualTo(WorkflowState.PENDING);

    impl.gate.open();
    assertThat(result(second)).isEqualTo("echo second");
    WorkflowStatus done = second.getStatus();
    assertThat(done.deduplicationId()).as("freed when it finished").isNull();
    assertThat(done.startedAt()).isNotNull();
    assertThat(done.deadline()).isEqualTo(done.startedAt().plus(Duration.ofMinutes(5)));
  }

  @Test
  void theSameIdAgainGivesAHandleOnTheExistingWorkflow() throws Exception {
    launch(Queue.builder("jobs").build());
    WorkflowHandle<String> h =
        DBOS.startWorkflow(() -> jobs.echo("once"), on("jobs").workflowId("same").build());
    assertThat(result(h)).isEqualTo("echo once");

    WorkflowHandle<String> again =
        DBOS.startWorkflow(() -> jobs.echo("twice"), on("jobs").workflowId("same").build());
    assertThat(result(again)).isEqualTo("echo once");
    assertThat(impl.runs).hasValue(1);
    assertThat(tables.workflowRows()).isEqualTo(1);
    assertThatThrownBy(
            () ->
                DBOS.startWorkflow(
                    () -> jobs.gated("other"), on("jobs").workflowId("same").build()))
        .isInstanceOf(DBOSWorkflowConflictException.class);
  }

  @Test
  void aStartWithoutQueueUnderAnEnqueuedIdLeavesItToTheQueue() throws Exception {
    launch(Queue.builder("jobs").concurrency(1).build());
    impl.gate = new Gate(1);
    WorkflowHandle<String> blocker =
        DBOS.startWorkflow(() -> jobs.gated("blocker"), on("jobs").build());
    impl.gate.awaitArrivals();
    WorkflowHandle<String> queued =
        DBOS.startWorkflow(() -> jobs.echo("queued"), on("jobs").workflowId("queued").build());

    WorkflowHandle<String> direct =
        DBOS.startWorkflow(
            () -> jobs.echo("queued"), StartWorkflowOptions.builder().workflowId("queued").build());
    assertThat(queued.getStatus().state()).isEqualTo(WorkflowState.ENQUEUED);
    assertThat(impl.threads).doesNotContainKey("queued");

    impl.gate.open();
    assertThat(result(direct)).isEqualTo("echo queued");
    assertThat(result(blocker)).isEqualTo("gated blocker");
    assertThat(impl.runs).as("blocker and queued, once each").hasValue(2);
  }

  @Test
  void theDispatchedWorkflowSeesTheIdentityAndRequestRecordedAtEnqueue() throws Exception {
    launch(Queue.builder("jobs").build());
    DBOSRequest request =
        new DBOSRequest(
            Map.of(),
            Map.of(),
            Map.of(),
            java.net.URI.create("http://shop.example/orders/7"),
            java.net.URI.create("http://shop.example/"),
            null,
            Map.of(),
            "POST");
    WorkflowHandle<String> h;
    try (var auth = new DBOSContextSetAuth("alice", List.of("user", "admin"))) {
      try (var scope = new RequestScope(request)) {
        h = DBOS.startWorkflow(() -> jobs.whoAmI(), on("jobs").build());
      }
    }
    assertThat(result(h)).isEqualTo("alice [user, admin] null POST http://shop.example/orders/7");
    assertThat(h.getStatus().authenticatedUser()).isEqualTo("alice");
  }

  @Test
  void aWorkflowEnqueuesAChildWithADeterministicIdAndItsOtherChildrenAreNotQueued()
      throws Exception {
    launch(Queue.builder("jobs").build());
    WorkflowHandle<String> h =
        DBOS.startWorkflow(() -> jobs.parent("p"), on("jobs").workflowId("parent").build());
    assertThat(result(h)).isEqualTo("echo p-queued + echo p-direct");

    assertThat(tables.operations("parent"))
        .extracting(SystemTables.Operation::functionId, SystemTables.Operation::childWorkflowId)
        .startsWith(
            org.assertj.core.groups.Tuple.tuple(1, "parent-1"),
            org.assertj.core.groups.Tuple.tuple(2, "parent-2"));
    assertThat(DBOS.retrieveWorkflow("parent-1").getStatus().queueName()).isEqualTo("jobs");
    assertThat(DBOS.retrieveWorkflow("parent-1").getStatus().parentWorkflowId())
        .isEqualTo("parent");
    assertThat(DBOS.retrieveWorkflow("parent-2").getStatus().queueName())
        .as("a child started without a queue is not on its parent's")
        .isNull();
  }

  @Test
  void refusedEnqueuesNameTheQueueAndRecordNothing() {
    launch(Queue.builder("plain").build(), Queue.builder("split").partitioned(true).build());

    assertThatThrownBy(() -> DBOS.startWorkflow(() -> jobs.echo("x"), on("missing").build()))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("'missing'")
        .hasMessageContaining("not registered");
    assertThatThrownBy(
            () -> DBOS.startWorkflow(() -> jobs.echo("x"), on("plain").priority(1).build()))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("'plain'")
        .hasMessageContaining("priorit");
    assertThatThrownBy(
            () -> DBOS.startWorkflow(() -> jobs.echo("x"), on("plain").partitionKey("k").build()))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("'plain'")
        .hasMessageContaining("not partitioned");
    assertThatThrownBy(() -> DBOS.startWorkflow(() -> jobs.echo("x"), on("split").build()))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("'split'")
        .hasMessageContaining("partitionKey");
    assertThat(impl.runs).hasValue(0);
    assertThat(countRows()).isZero();
  }

  private long countRows() {
    try {
      return tables.workflowRows();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void queuesAreRegisteredOnceAndBeforeLaunch() {
    DBOS.configure(db.config().build());
    DBOS.registerQueue(Queue.builder("q").build());
    assertThatThrownBy(() -> DBOS.registerQueue(Queue.builder("q").concurrency(2).build()))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("'q'");
    DBOS.launch();
    assertThatThrownBy(() -> DBOS.registerQueue(Queue.builder("late").build()))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("launch");
  }

  @Test
  void badQueueAndOptionValuesAreRefusedByTheBuilders() {
    assertThatThrownBy(() -> Queue.builder(" ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> Queue.builder("q").concurrency(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concurrency");
    assertThatThrownBy(() -> Queue.builder("q").workerConcurrency(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workerConcurrency");
    assertThatThrownBy(() -> Queue.builder("q").concurrency(2).workerConcurrency(3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workerConcurrency");
    assertThatThrownBy(() -> Queue.builder("q").rateLimit(0, Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rateLimit");
    assertThatThrownBy(() -> Queue.builder("q").rateLimit(5, Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("period");
    assertThatThrownBy(() -> StartWorkflowOptions.builder().priority(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("priority");
    assertThatThrownBy(() -> StartWorkflowOptions.builder().priority(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("priority");
    assertThatThrownBy(() -> StartWorkflowOptions.builder().deduplicationId("d").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deduplicationId");
    assertThatThrownBy(() -> StartWorkflowOptions.builder().delay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delay");

    Queue q =
        Queue.builder("q")
            .concurrency(4)
            .workerConcurrency(2)
            .rateLimit(50, Duration.ofSeconds(1))
            .priorityEnabled(true)
            .partitioned(true)
            .build();
    assertThat(q.name()).isEqualTo("q");
    assertThat(q.concurrency()).isEqualTo(4);
    assertThat(q.workerConcurrency()).isEqualTo(2);
    assertThat(q.rateLimit()).isEqualTo(50);
    assertThat(q.rateLimitPeriod()).isEqualTo(Duration.ofSeconds(1));
    assertThat(q.priorityEnabled()).isTrue();
    assertThat(q.partitioned()).isTrue();
    Queue unlimited = Queue.builder("u").build();
    assertThat(unlimited.concurrency()).isNull();
    assertThat(unlimited.workerConcurrency()).isNull();
    assertThat(unlimited.rateLimit()).isNull();
    assertThat(unlimited.rateLimitPeriod()).isNull();
  }
}
