package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dbos4j.Conditions.awaitTrue;
import static org.dbos4j.Messaging.BOUND_SECONDS;
import static org.dbos4j.Messaging.start;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.internal.time.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DBOS.cancelWorkflow and DBOS.resumeWorkflow (API 5.2): a cancel wakes the waits of the workflow
 * and its descendants at once, lets a running step finish and record, records nothing after it;
 * resume runs a cancelled workflow on from its last recorded step. The clock never moves by itself
 * here, so no wait ends by timing out.
 */
@BothBackends
class CancelWorkflowTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final Duration HOUR = Duration.ofHours(1);

  private final SystemTables tables = new SystemTables(db);
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private StepsImpl steps;
  private FlowsImpl impl;
  private Flows flows;

  public interface Steps {
    String counted(String name);

    String blocking();

    String failsOnceThenWaitsAnHour();
  }

  static final class StepsImpl implements Steps {
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    final Gate gate = new Gate(1);

    int runs(String name) {
      AtomicInteger n = runs.get(name);
      return n == null ? 0 : n.get();
    }

    @Step
    @Override
    public String counted(String name) {
      runs.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
      return name;
    }

    @Step(retries = 1, intervalMillis = 3_600_000)
    @Override
    public String failsOnceThenWaitsAnHour() {
      int attempt = runs.computeIfAbsent("flaky", k -> new AtomicInteger()).incrementAndGet();
      if (attempt == 1) {
        throw new IllegalStateException("the first attempt fails");
      }
      return "attempt " + attempt;
    }

    @Step
    @Override
    public String blocking() {
      counted("blocking");
      gate.pass();
      return "finished";
    }
  }

  public interface Flows {
    /** Waits in recv, sleep, getEvent or a child's getResult; then runs the step "after". */
    String waitIn(String kind);

    String recvAnHour();

    String blockingStepThenStep();

    String family();

    String childWithGrandchild();

    String stepRecvStep();

    String retried();
  }

  static final class FlowsImpl implements Flows {
    private final Steps steps;
    final List<DBOSWorkflowCancelledException> caught = new CopyOnWriteArrayList<>();
    Flows self;

    FlowsImpl(Steps steps) {
      this.steps = steps;
    }

    @Workflow
    @Override
    public String waitIn(String kind) {
      try {
        switch (kind) {
          case "recv" -> DBOS.recv("topic", HOUR);
          case "sleep" -> DBOS.sleep(HOUR);
          case "getEvent" -> DBOS.getEvent("nobody-sets-it", "key", HOUR);
          case "child" -> DBOS.startWorkflow(() -> self.recvAnHour()).getResult();
          default -> throw new IllegalArgumentException(kind);
        }
      } catch (DBOSWorkflowCancelledException e) {
        caught.add(e);
      }
      // A cancelled execution's next durable operation throws as well: this step never runs.
      return steps.counted("after");
    }

    @Workflow
    @Override
    public String recvAnHour() {
      return "received " + DBOS.recv("topic", HOUR);
    }

    @Workflow
    @Override
    public String blockingStepThenStep() {
      return steps.blocking() + " " + steps.counted("after");
    }

    @Workflow
    @Override
    public String family() {
      steps.counted("finished child");
      String finished = self.recvAnHour(); // a child; the test sends it its message
      DBOS.startWorkflow(() -> self.childWithGrandchild());
      return finished + DBOS.recv("topic", HOUR);
    }

    @Workflow
    @Override
    public String childWithGrandchild() {
      DBOS.startWorkflow(() -> self.recvAnHour());
      return "child " + DBOS.recv("topic", HOUR);
    }

    @Workflow
    @Override
    public String retried() {
      return steps.failsOnceThenWaitsAnHour();
    }

    @Workflow
    @Override
    public String stepRecvStep() {
      String before = steps.counted("before");
      String message = DBOS.recv("topic", HOUR);
      return before + " " + message + " " + steps.counted("after");
    }
  }

  @BeforeEach
  void launch() {
    launchWith(db.config().clock(clock).build());
  }

  private void launchWith(DBOSConfig config) {
    DBOS.configure(config);
    steps = new StepsImpl();
    Steps stepsProxy = DBOS.register(Steps.class, steps);
    impl = new FlowsImpl(stepsProxy);
    flows = DBOS.register(Flows.class, impl);
    impl.self = flows;
    DBOS.launch();
  }

  @Test
  void cancellingWakesAWorkflowWaitingInRecv() throws Exception {
    assertCancelStopsTheWait("recv", 1);
  }

  @Test
  void cancellingWakesAWorkflowWaitingInSleep() throws Exception {
    assertCancelStopsTheWait("sleep", 1);
  }

  @Test
  void cancellingWakesAWorkflowWaitingInGetEvent() throws Exception {
    assertCancelStopsTheWait("getEvent", 1);
  }

  @Test
  void cancellingWakesAWorkflowWaitingForItsChildsResult() throws Exception {
    assertCancelStopsTheWait("child", 2);
    // The child is a descendant: cancelled with its parent.
    assertThat(tables.status("waiter-child-1")).isEqualTo("CANCELLED");
    assertCancelled(DBOS.retrieveWorkflow("waiter-child-1"));
  }

  private void assertCancelStopsTheWait(String kind, int waits) throws Exception {
    String id = "waiter-" + kind;
    WorkflowHandle<String> h = start(id, () -> flows.waitIn(kind));
    awaitParkedOnClock(waits);
    long recorded = operations(id);

    DBOS.cancelWorkflow(id);

    assertCancelled(h);
    assertThat(clock.millis()).as("no wait timed out").isEqualTo(START.toEpochMilli());
    assertThat(impl.caught)
        .singleElement()
        .extracting(DBOSWorkflowCancelledException::workflowId)
        .isEqualTo(id);
    assertThat(steps.runs("after")).isZero();
    assertThat(operations(id)).as("nothing recorded after the cancel").isEqualTo(recorded);
    assertThat(tables.status(id)).isEqualTo("CANCELLED");
    assertCancelled(DBOS.retrieveWorkflow(id)); // read back from the row
  }

  @Test
  void aStepRunningDuringTheCancelFinishesAndIsRecordedAndTheNextStepThrows() throws Exception {
    WorkflowHandle<String> h = start("stepping", () -> flows.blockingStepThenStep());
    steps.gate.awaitArrivals();

    DBOS.cancelWorkflow("stepping");
    assertThat(tables.status("stepping")).isEqualTo("CANCELLED");
    steps.gate.open();

    assertCancelled(h);
    assertThat(tables.operations("stepping"))
        .extracting(SystemTables.Operation::functionName, SystemTables.Operation::output)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("StepsImpl.blocking", "\"finished\""));
    assertThat(steps.runs("after")).isZero();
  }

  @Test
  void cancellingAWorkflowCancelsItsUnfinishedDescendantsOnly() throws Exception {
    WorkflowHandle<String> parent = start("family", () -> flows.family());
    awaitTrue("the first child waits", () -> "PENDING".equals(tables.status("family-2")));
    Messaging.awaitParked(1);
    DBOS.send("family-2", "hello", "topic");
    // parent, child and grandchild all wait in recv
    Messaging.awaitParked(3);

    DBOS.cancelWorkflow("family");

    assertCancelled(parent);
    assertCancelled(DBOS.retrieveWorkflow("family-3"));
    assertCancelled(DBOS.retrieveWorkflow("family-3-1"));
    assertThat(tables.status("family")).isEqualTo("CANCELLED");
    assertThat(tables.status("family-3")).isEqualTo("CANCELLED");
    assertThat(tables.status("family-3-1")).isEqualTo("CANCELLED");
    assertThat(tables.status("family-2"))
        .as("a finished child stays finished")
        .isEqualTo("SUCCESS");
    Messaging.awaitParked(0);
  }

  @Test
  void cancellingAFinishedWorkflowChangesNothing() throws Exception {
    WorkflowHandle<String> h = start("finished", () -> flows.blockingStepThenStep());
    steps.gate.open();
    assertThat(h.getResult()).isEqualTo("finished after");
    String before = rowSummary("finished");

    DBOS.cancelWorkflow("finished");

    assertThat(rowSummary("finished")).isEqualTo(before);
    assertThat(DBOS.<String>retrieveWorkflow("finished").getResult()).isEqualTo("finished after");
  }

  @Test
  void cancellingOrResumingAnUnknownWorkflowThrows() {
    assertThatThrownBy(() -> DBOS.cancelWorkflow("nobody"))
        .isInstanceOf(DBOSNonExistentWorkflowException.class)
        .hasMessageContaining("nobody");
    assertThatThrownBy(() -> DBOS.resumeWorkflow("nobody"))
        .isInstanceOf(DBOSNonExistentWorkflowException.class)
        .hasMessageContaining("nobody");
  }

  @Test
  void resumeRunsACancelledWorkflowOnFromItsLastRecordedStep() throws Exception {
    WorkflowHandle<String> first = start("resumed", () -> flows.stepRecvStep());
    Messaging.awaitParked(1);
    DBOS.cancelWorkflow("resumed");
    assertCancelled(first);

    WorkflowHandle<String> resumed = DBOS.resumeWorkflow("resumed");

    Messaging.awaitParked(1);
    assertThat(resumed.getStatus().state()).isEqualTo(WorkflowState.PENDING);
    DBOS.send("resumed", "go", "topic");
    assertThat(resumed.getResult()).isEqualTo("before go after");
    assertThat(steps.runs("before")).as("the recorded step is not run again").isEqualTo(1);
    assertThat(steps.runs("after")).isEqualTo(1);
    assertThat(tables.status("resumed")).isEqualTo("SUCCESS");
  }

  @Test
  void resumeWaitsForTheCancelledExecutionToFinishItsStep() throws Exception {
    start("overlap", () -> flows.blockingStepThenStep());
    steps.gate.awaitArrivals();
    DBOS.cancelWorkflow("overlap");

    WorkflowHandle<String> resumed = DBOS.resumeWorkflow("overlap");
    assertThat(tables.status("overlap")).isEqualTo("PENDING");
    steps.gate.open(); // the cancelled execution records its step, then stops

    assertThat(resumed.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("finished after");
    assertThat(steps.runs("blocking")).as("replayed, not run again").isEqualTo(1);
    assertThat(steps.runs("after")).isEqualTo(1);
  }

  @Test
  void aStepCancelledInItsRetryPauseRecordsNothingAndRunsAgainOnResume() throws Exception {
    WorkflowHandle<String> h = start("retrying", () -> flows.retried());
    awaitParkedOnClock(1); // the pause between the two attempts
    DBOS.cancelWorkflow("retrying");
    assertCancelled(h);
    assertThat(operations("retrying")).as("the step did not finish").isZero();

    WorkflowHandle<String> resumed = DBOS.resumeWorkflow("retrying");

    assertThat(resumed.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("attempt 2");
  }

  @Test
  void resumeRunsAWorkflowThatExceededItsRecoveryAttempts() throws Exception {
    start("exceeded", () -> flows.stepRecvStep());
    Messaging.awaitParked(1);
    DBOS.shutdown(); // leaves it PENDING
    tables.update(
        "UPDATE dbos.workflow_status SET status = 'MAX_RECOVERY_ATTEMPTS_EXCEEDED'"
            + " WHERE workflow_uuid = ?",
        "exceeded");
    launchWith(db.config().clock(clock).build());
    assertThat(tables.status("exceeded")).isEqualTo("MAX_RECOVERY_ATTEMPTS_EXCEEDED");

    WorkflowHandle<String> resumed = DBOS.resumeWorkflow("exceeded");

    Messaging.awaitParked(1);
    DBOS.send("exceeded", "go", "topic");
    assertThat(resumed.getResult()).isEqualTo("before go after");
    assertThat(steps.runs("before")).as("recorded before the shutdown").isZero();
    assertThat(
            tables.string(
                "SELECT recovery_attempts FROM dbos.workflow_status WHERE workflow_uuid = ?",
                "exceeded"))
        .isEqualTo("1");
  }

  @Test
  void resumingAWorkflowThatIsNotCancelledChangesNothing() throws Exception {
    WorkflowHandle<String> done = start("done", () -> flows.blockingStepThenStep());
    steps.gate.open();
    assertThat(done.getResult()).isEqualTo("finished after");
    String finished = rowSummary("done");
    WorkflowHandle<String> running = start("running", () -> flows.stepRecvStep());
    Messaging.awaitParked(1);
    String pending = rowSummary("running");

    assertThat(DBOS.<String>resumeWorkflow("done").getResult()).isEqualTo("finished after");
    WorkflowHandle<String> h = DBOS.resumeWorkflow("running");

    assertThat(rowSummary("done")).isEqualTo(finished);
    assertThat(rowSummary("running")).isEqualTo(pending);
    DBOS.send("running", "go", "topic");
    assertThat(h.getResult()).isEqualTo("before go after");
    assertThat(running.getResult()).isEqualTo("before go after");
    assertThat(steps.runs("before")).isEqualTo(1);
  }

  /** Waits until {@code waits} waits of workflows, and the fallback poll, park on the clock. */
  private void awaitParkedOnClock(int waits) throws Exception {
    awaitTrue(
        waits + " wait(s) and the fallback poll park on the clock",
        () -> clock.parkedThreads() == waits + 1);
  }

  private long operations(String workflowId) throws Exception {
    return tables.count(
        "SELECT count(*) FROM dbos.operation_outputs WHERE workflow_uuid = ?", workflowId);
  }

  /** What a change of the row would change: status, outcome, attempts, update time. */
  private String rowSummary(String workflowId) throws Exception {
    return tables.string(
        "SELECT status || '|' || COALESCE(output, '') || '|' || recovery_attempts || '|'"
            + " || updated_at FROM dbos.workflow_status WHERE workflow_uuid = ?",
        workflowId);
  }

  static void assertCancelled(WorkflowHandle<?> h) {
    assertThatThrownBy(() -> h.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(DBOSAwaitedWorkflowCancelledException.class)
        .hasMessageContaining(h.workflowId());
  }
}
