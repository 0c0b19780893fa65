package org.dbos4j.bench;

import dev.dbos.transact.DBOS;
import dev.dbos.transact.StartWorkflowOptions;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.workflow.ListWorkflowsInput;
import dev.dbos.transact.workflow.Queue;
import dev.dbos.transact.workflow.Step;
import dev.dbos.transact.workflow.Workflow;
import dev.dbos.transact.workflow.WorkflowHandle;
import dev.dbos.transact.workflow.WorkflowState;
import dev.dbos.transact.workflow.WorkflowStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The benchmark workflows on DBOS Transact for Java. Its 1.1 API is instance based, so its instance
 * runs in the same JVM as the process-wide dbos4j, each on its own system database, and the
 * benchmark can alternate between the two.
 */
final class DbosJavaWorkloads implements DurableSystem {

  /** The workflows, called through DBOS's proxy so each call is durable. */
  public interface BenchWorkflows {
    int empty();

    long sumOfSteps(int steps);

    int receive(int count);

    int publishEvents(int count);

    int awaitWake(long timeoutMillis);

    int oneStep(int index);
  }

  /**
   * Steps live behind their own proxy: a workflow calling a method on {@code this} would bypass the
   * proxy and checkpoint nothing.
   */
  public interface BenchSteps {
    int echo(int index);
  }

  public static final class BenchStepsImpl implements BenchSteps {
    @Step
    @Override
    public int echo(int index) {
      return index;
    }
  }

  public static final class BenchWorkflowsImpl implements BenchWorkflows {
    private final BenchSteps steps;
    private final DBOS dbos;
    private final ArrivalStamps stamps;

    public BenchWorkflowsImpl(BenchSteps steps, DBOS dbos, ArrivalStamps stamps) {
      this.steps = steps;
      this.dbos = dbos;
      this.stamps = stamps;
    }

    @Workflow
    @Override
    public int empty() {
      return EMPTY_RESULT;
    }

    @Workflow
    @Override
    public long sumOfSteps(int count) {
      long sum = 0;
      for (int i = 0; i < count; i++) {
        sum += steps.echo(i);
      }
      return sum;
    }

    @Workflow
    @Override
    public int receive(int count) {
      for (int i = 0; i < count; i++) {
        Optional<Object> message = dbos.recv(PING_TOPIC, MESSAGE_WAIT);
        stamps.stamp(DurableSystem.messageValue(message.orElse(null), "recv of message " + i));
      }
      return count;
    }

    @Workflow
    @Override
    public int publishEvents(int count) {
      for (int i = 0; i < count; i++) {
        Optional<Object> next = dbos.recv(NEXT_TOPIC, MESSAGE_WAIT);
        DurableSystem.messageValue(next.orElse(null), "recv before event " + i);
        stamps.stamp(i);
        dbos.setEvent(DurableSystem.eventKey(i), i);
      }
      return count;
    }

    @Workflow
    @Override
    public int awaitWake(long timeoutMillis) {
      Optional<Object> message = dbos.recv(WAKE_TOPIC, Duration.ofMillis(timeoutMillis));
      return DurableSystem.messageValue(message.orElse(null), "recv of the wake-up");
    }

    @Workflow
    @Override
    public int oneStep(int index) {
      return steps.echo(index);
    }
  }

  /** A DBOS Java handle seen as a {@link StartedWorkflow}. */
  private record Started(WorkflowHandle<Integer, RuntimeException> handle)
      implements StartedWorkflow {
    @Override
    public String workflowId() {
      return handle.workflowId();
    }

    @Override
    public int result() {
      return handle.getResult();
    }
  }

  private final BenchOptions options;
  private final ArrivalStamps stamps = new ArrivalStamps();
  private DBOS dbos;
  private BenchWorkflows workflows;

  DbosJavaWorkloads(BenchOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return BenchOptions.DBOS_JAVA;
  }

  @Override
  public Optional<String> serverDatabase() {
    return Optional.of(BenchDatabases.DBOS_JAVA_SYSTEM);
  }

  @Override
  public void launch() throws Exception {
    new BenchDatabases(options).recreate(BenchDatabases.DBOS_JAVA_SYSTEM);
    DBOSConfig config =
        DBOSConfig.defaults("bench")
            .withDatabaseUrl(options.databaseUrl(BenchDatabases.DBOS_JAVA_SYSTEM))
            .withDbUser(options.user())
            .withDbPassword(options.password());
    dbos = new DBOS(config);
    BenchSteps steps = dbos.registerProxy(BenchSteps.class, new BenchStepsImpl());
    workflows =
        dbos.registerProxy(BenchWorkflows.class, new BenchWorkflowsImpl(steps, dbos, stamps));
    for (QueueBenchmark.BenchQueue q : QueueBenchmark.queues(options, name())) {
      Queue queue = new Queue(q.name());
      dbos.registerQueue(
          q.workerConcurrency() == null
              ? queue
              : queue.withWorkerConcurrency(q.workerConcurrency()));
    }
    dbos.launch();
  }

  @Override
  public int runEmptyWorkflow() {
    return workflows.empty();
  }

  @Override
  public long runStepsWorkflow(int steps) {
    return workflows.sumOfSteps(steps);
  }

  @Override
  public StartedWorkflow startReceiver(String workflowId, int count) {
    return new Started(
        dbos.startWorkflow(() -> workflows.receive(count), new StartWorkflowOptions(workflowId)));
  }

  @Override
  public StartedWorkflow startEventPublisher(String workflowId, int count) {
    return new Started(
        dbos.startWorkflow(
            () -> workflows.publishEvents(count), new StartWorkflowOptions(workflowId)));
  }

  @Override
  public StartedWorkflow startWaiter(String workflowId, Duration timeout) {
    long millis = timeout.toMillis();
    return new Started(
        dbos.startWorkflow(
            () -> workflows.awaitWake(millis), new StartWorkflowOptions(workflowId)));
  }

  @Override
  public void enqueueOneStep(String queue, String workflowId, int index) {
    dbos.startWorkflow(
        () -> workflows.oneStep(index), new StartWorkflowOptions(workflowId).withQueue(queue));
  }

  @Override
  public List<String> newestWorkflowIds(int limit, boolean errorsOnly) {
    ListWorkflowsInput input =
        new ListWorkflowsInput()
            .withSortDesc(true)
            .withLimit(limit)
            .withLoadInput(false)
            .withLoadOutput(false);
    if (errorsOnly) {
      input = input.withStatus(WorkflowState.ERROR);
    }
    return dbos.listWorkflows(input).stream().map(WorkflowStatus::workflowId).toList();
  }

  @Override
  public void send(String destinationId, int message, String topic) {
    dbos.send(destinationId, message, topic);
  }

  @Override
  public OptionalInt getEvent(String workflowId, String key, Duration timeout) {
    Optional<Object> value = dbos.getEvent(workflowId, key, timeout);
    return value.map(v -> OptionalInt.of(((Number) v).intValue())).orElse(OptionalInt.empty());
  }

  @Override
  public ArrivalStamps stamps() {
    return stamps;
  }

  @Override
  public void close() {
    if (dbos != null) {
      dbos.close();
      dbos = null;
    }
  }
}
