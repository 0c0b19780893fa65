package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DBOS.forkWorkflow (API 5.3, 5.8 Fork): the fork replays the original's operations below the start
 * step without running them, sees the events they set, runs the rest, and records where it came
 * from; forks of another application version wait for a process of that version.
 */
@BothBackends
class ForkWorkflowTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);

  public interface Steps {
    String one(String s);

    String peek();

    String two(String s);
  }

  /** Counts its runs; {@code peek} reads the workflow's own event "stage" as it stands. */
  public static final class StepsImpl implements Steps {
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    int runs(String step) {
      AtomicInteger n = runs.get(step);
      return n == null ? 0 : n.get();
    }

    private void count(String step) {
      runs.computeIfAbsent(step, k -> new AtomicInteger()).incrementAndGet();
    }

    @Step
    @Override
    public String one(String s) {
      count("one");
      return "one(" + s + ")";
    }

    @Step
    @Override
    public String peek() {
      count("peek");
      return DBOS.getEvent(DBOS.workflowId(), "stage", Duration.ZERO);
    }

    @Step
    @Override
    public String two(String s) {
      count("two");
      return "two(" + s + ")";
    }
  }

  public interface Children {
    String child(String s);
  }

  public static final class ChildrenImpl implements Children {
    final AtomicInteger runs = new AtomicInteger();

    @Workflow
    @Override
    public String child(String s) {
      runs.incrementAndGet();
      return "child(" + s + ")";
    }
  }

  public interface Flows {
    String staged(String s);

    String withChild(String s);

    String failing(String s);
  }

  public static final class FlowsImpl implements Flows {
    private final Steps steps;
    private final Children children;

    FlowsImpl(Steps steps, Children children) {
      this.steps = steps;
      this.children = children;
    }

    @Workflow
    @Override
    public String staged(String s) {
      String a = steps.one(s); // 1
      DBOS.setEvent("stage", "first"); // 2
      String seen = steps.peek(); // 3
      DBOS.setEvent("stage", "second"); // 4
      String b = steps.two(a); // 5
      return b + " saw " + seen;
    }

    @Workflow
    @Override
    public String withChild(String s) {
      String c = children.child(s); // 1
      return steps.two(c); // 2
    }

    @Workflow
    @Override
    public String failing(String s) {
      String a = steps.one(s); // 1
      throw new IllegalStateException("failed after " + a);
    }
  }

  private StepsImpl steps;
  private ChildrenImpl children;
  private Flows flows;

  @BeforeEach
  void launch() {
    DBOS.configure(db.config().build());
    steps = new StepsImpl();
    children = new ChildrenImpl();
    flows =
        DBOS.register(
            Flows.class,
            new FlowsImpl(
                DBOS.register(Steps.class, steps), DBOS.register(Children.class, children)));
    DBOS.launch();
  }

  private String original() {
    try (var id = new SetWorkflowID("original")) {
      return flows.staged("x");
    }
  }

  @Test
  void aForkReplaysTheStepsBeforeItsStartAndRunsTheRest() throws Exception {
    assertThat(original()).isEqualTo("two(one(x)) saw first");

    WorkflowHandle<String> fork = DBOS.forkWorkflow("original", 3);

    assertThat(fork.getResult()).isEqualTo("two(one(x)) saw first");
    assertThat(fork.workflowId()).isNotEqualTo("original");
    assertThat(steps.runs("one")).as("copied, not run again").isEqualTo(1);
    assertThat(steps.runs("peek")).isEqualTo(2);
    assertThat(steps.runs("two")).isEqualTo(2);
    WorkflowStatus status = fork.getStatus();
    assertThat(status.state()).isEqualTo(WorkflowState.SUCCESS);
    assertThat(status.forkedFrom()).isEqualTo("original");
    assertThat(status.appVersion()).isEqualTo("test-version");
    assertThat(status.input()).containsExactly("x");
    assertThat(DBOS.retrieveWorkflow("original").getStatus().forkedFrom()).isNull();
    assertThat(
            tables.count(
                "SELECT count(*) FROM dbos.workflow_status WHERE workflow_uuid = 'original'"
                    + " AND was_forked_from = TRUE"))
        .isEqualTo(1);
    assertThat(tables.operations(fork.workflowId()))
        .extracting(SystemTables.Operation::functionName)
        .containsExactly(
            "StepsImpl.one", "DBOS.setEvent", "StepsImpl.peek", "DBOS.setEvent", "StepsImpl.two");
    assertThat(DBOS.<String>getEvent(fork.workflowId(), "stage", Duration.ZERO))
        .isEqualTo("second");
  }

  @Test
  void aForkSeesOnlyTheEventsSetBeforeItsStartStep() throws Exception {
    original();

    WorkflowHandle<String> fork = DBOS.forkWorkflow("original", 3);
    String forkId = fork.workflowId();

    assertThat(fork.getResult()).endsWith("saw first");
    assertThat(
            tables.count(
                "SELECT count(*) FROM dbos.workflow_events_history WHERE workflow_uuid = ?",
                forkId))
        .as("the history row of step 2 copied, step 4's written anew")
        .isEqualTo(2);
  }

  @Test
  void forkingFromStepOneRunsEverythingAgain() {
    original();

    assertThat(DBOS.<String>forkWorkflow("original", 1).getResult())
        .isEqualTo("two(one(x)) saw first");
    assertThat(steps.runs("one")).isEqualTo(2);
    assertThat(steps.runs("peek")).isEqualTo(2);
  }

  @Test
  void forkingPastTheLastStepRunsNothingAgain() {
    original();

    assertThat(DBOS.<String>forkWorkflow("original", 100).getResult())
        .isEqualTo("two(one(x)) saw first");
    assertThat(steps.runs("one")).isEqualTo(1);
    assertThat(steps.runs("peek")).isEqualTo(1);
    assertThat(steps.runs("two")).isEqualTo(1);
  }

  @Test
  void aForkReplaysItsOriginalsChildWithoutRunningIt() {
    try (var id = new SetWorkflowID("parent")) {
      flows.withChild("c");
    }

    WorkflowHandle<String> fork = DBOS.forkWorkflow("parent", 2);

    assertThat(fork.getResult()).isEqualTo("two(child(c))");
    assertThat(children.runs.get()).isEqualTo(1);
    assertThat(DBOS.listWorkflowSteps(fork.workflowId()).get(0).childWorkflowId())
        .isEqualTo("parent-1");
  }

  @Test
  void optionsChooseTheForksIdAndTimeout() {
    original();

    WorkflowHandle<String> fork =
        DBOS.forkWorkflow(
            "original",
            5,
            ForkOptions.builder().forkedWorkflowId("retry").timeout(Duration.ofMinutes(5)).build());

    assertThat(fork.workflowId()).isEqualTo("retry");
    assertThat(fork.getResult()).isEqualTo("two(one(x)) saw first");
    assertThat(fork.getStatus().timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(DBOS.listWorkflows(ListWorkflowsInput.builder().forkedFrom("original").build()))
        .extracting(WorkflowStatus::workflowId)
        .containsExactly("retry");
    assertThatThrownBy(
            () ->
                DBOS.forkWorkflow(
                    "original", 1, ForkOptions.builder().forkedWorkflowId("retry").build()))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("retry");
  }

  @Test
  void aForkOfAnotherVersionWaitsForAProcessOfThatVersion() {
    original();

    WorkflowHandle<String> fork =
        DBOS.forkWorkflow("original", 3, ForkOptions.builder().appVersion("v2").build());

    WorkflowStatus status = fork.getStatus();
    assertThat(status.state()).isEqualTo(WorkflowState.PENDING);
    assertThat(status.appVersion()).isEqualTo("v2");
    assertThat(steps.runs("peek")).isEqualTo(1);

    DBOS.shutdown();
    DBOS.configure(db.config().appVersion("v2").build());
    StepsImpl v2Steps = new StepsImpl();
    DBOS.register(
        Flows.class,
        new FlowsImpl(
            DBOS.register(Steps.class, v2Steps),
            DBOS.register(Children.class, new ChildrenImpl())));
    DBOS.launch();

    assertThat(DBOS.<String>retrieveWorkflow(fork.workflowId()).getResult())
        .isEqualTo("two(one(x)) saw first");
    assertThat(v2Steps.runs("one")).isZero();
    assertThat(v2Steps.runs("peek")).isEqualTo(1);
  }

  @Test
  void aFailedWorkflowCanBeForked() {
    try (var id = new SetWorkflowID("failed")) {
      assertThatThrownBy(() -> flows.failing("y")).isInstanceOf(IllegalStateException.class);
    }

    WorkflowHandle<String> fork = DBOS.forkWorkflow("failed", 2);

    assertThatThrownBy(fork::getResult)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("failed after one(y)");
    assertThat(steps.runs("one")).isEqualTo(1);
    assertThat(fork.getStatus().state()).isEqualTo(WorkflowState.ERROR);
  }

  @Test
  void unknownWorkflowsAndStepsBelowOneAreRefused() throws Exception {
    assertThatThrownBy(() -> DBOS.forkWorkflow("nobody", 1))
        .isInstanceOf(DBOSNonExistentWorkflowException.class)
        .hasMessageContaining("nobody");
    original();
    assertThatThrownBy(() -> DBOS.forkWorkflow("original", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("startStep");
    assertThat(tables.workflowRows()).isEqualTo(1);
  }
}
