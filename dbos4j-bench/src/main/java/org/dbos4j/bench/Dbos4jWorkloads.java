package org.dbos4j.bench;

import java.time.Duration;
import java.util.OptionalInt;
import org.dbos4j.DBOS;
import org.dbos4j.DBOSConfig;
import org.dbos4j.StartWorkflowOptions;
import org.dbos4j.Step;
import org.dbos4j.Workflow;
import org.dbos4j.WorkflowHandle;

/** The benchmark workflows on dbos4j, written to match {@link DbosJavaWorkloads} call for call. */
final class Dbos4jWorkloads implements DurableSystem {

  /** The workflows, called through the proxy {@link DBOS#register} returns. */
  public interface BenchWorkflows {
    int empty();

    long sumOfSteps(int steps);

    int receive(int count);

    int publishEvents(int count);

    int awaitWake(long timeoutMillis);
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
    private final ArrivalStamps stamps;

    public BenchWorkflowsImpl(BenchSteps steps, ArrivalStamps stamps) {
      this.steps = steps;
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
        Object message = DBOS.recv(PING_TOPIC, MESSAGE_WAIT);
        stamps.stamp(DurableSystem.messageValue(message, "recv of message " + i));
      }
      return count;
    }

    @Workflow
    @Override
    public int publishEvents(int count) {
      for (int i = 0; i < count; i++) {
        DurableSystem.messageValue(DBOS.recv(NEXT_TOPIC, MESSAGE_WAIT), "recv before event " + i);
        stamps.stamp(i);
        DBOS.setEvent(DurableSystem.eventKey(i), i);
      }
      return count;
    }

    @Workflow
    @Override
    public int awaitWake(long timeoutMillis) {
      Object message = DBOS.recv(WAKE_TOPIC, Duration.ofMillis(timeoutMillis));
      return DurableSystem.messageValue(message, "recv of the wake-up");
    }
  }

  /** A dbos4j handle seen as a {@link StartedWorkflow}. */
  private record Started(WorkflowHandle<Integer> handle) implements StartedWorkflow {
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
  private BenchWorkflows workflows;
  private boolean configured;

  Dbos4jWorkloads(BenchOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return BenchOptions.DBOS4J;
  }

  @Override
  public String systemDatabase() {
    return BenchDatabases.DBOS4J_SYSTEM;
  }

  @Override
  public void launch() throws Exception {
    new BenchDatabases(options).recreate(BenchDatabases.DBOS4J_SYSTEM);
    DBOS.configure(
        DBOSConfig.builder()
            .appName("bench")
            .systemDatabaseUrl(options.databaseUrl(BenchDatabases.DBOS4J_SYSTEM))
            .user(options.user())
            .password(options.password())
            .build());
    // From here on shutdown is owed, even if launch fails: it also forgets config and
    // registrations.
    configured = true;
    BenchSteps steps = DBOS.register(BenchSteps.class, new BenchStepsImpl());
    workflows = DBOS.register(BenchWorkflows.class, new BenchWorkflowsImpl(steps, stamps));
    DBOS.launch();
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
    return new Started(DBOS.startWorkflow(() -> workflows.receive(count), withId(workflowId)));
  }

  @Override
  public StartedWorkflow startEventPublisher(String workflowId, int count) {
    return new Started(
        DBOS.startWorkflow(() -> workflows.publishEvents(count), withId(workflowId)));
  }

  @Override
  public StartedWorkflow startWaiter(String workflowId, Duration timeout) {
    long millis = timeout.toMillis();
    return new Started(DBOS.startWorkflow(() -> workflows.awaitWake(millis), withId(workflowId)));
  }

  private static StartWorkflowOptions withId(String workflowId) {
    return StartWorkflowOptions.builder().workflowId(workflowId).build();
  }

  @Override
  public void send(String destinationId, int message, String topic) {
    DBOS.send(destinationId, message, topic);
  }

  @Override
  public OptionalInt getEvent(String workflowId, String key, Duration timeout) {
    Object value = DBOS.getEvent(workflowId, key, timeout);
    return value == null ? OptionalInt.empty() : OptionalInt.of(((Number) value).intValue());
  }

  @Override
  public ArrivalStamps stamps() {
    return stamps;
  }

  @Override
  public void close() {
    if (configured) {
      DBOS.shutdown();
      configured = false;
    }
  }
}
