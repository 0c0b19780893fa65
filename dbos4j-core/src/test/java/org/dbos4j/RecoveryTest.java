package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * launch() resumes the PENDING workflows of its executor and version. Workflows are left PENDING by
 * shutting DBOS down while they wait at a {@link Gate}; the next launch recovers them.
 */
@BothBackends
class RecoveryTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final int MANY = 20;

  private final SystemTables tables = new SystemTables(db);

  public interface Work {
    String work(int n);

    String a();

    String b();
  }

  /** Steps that count their executions; step {@link #blockAt} waits at the gate. */
  static final class WorkImpl implements Work {
    final Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
    final AtomicInteger aRuns = new AtomicInteger();
    final AtomicInteger bRuns = new AtomicInteger();
    private final int blockAt;
    private final Gate gate;

    WorkImpl(int blockAt, Gate gate) {
      this.blockAt = blockAt;
      this.gate = gate;
    }

    int runs(int n) {
      AtomicInteger c = runs.get(n);
      return c == null ? 0 : c.get();
    }

    @Step
    @Override
    public String work(int n) {
      runs.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
      if (n == blockAt) {
        gate.pass();
      }
      return "s" + n;
    }

    @Step
    @Override
    public String a() {
      aRuns.incrementAndGet();
      return "a";
    }

    @Step
    @Override
    public String b() {
      bRuns.incrementAndGet();
      return "b";
    }
  }

  public interface Flows {
    String threeSteps(String input);

    String gated(String input);

    String together(int i);

    String choose();
  }

  static final class FlowsImpl implements Flows {
    private final Work work;
    private final Gate gate;
    final AtomicInteger bodies = new AtomicInteger();
    /* Set in the second launch: all MANY recovered workflows must run at the same time. */
    CountDownLatch together;
    long deadlineNanos;
    boolean chooseB;

    FlowsImpl(Work work, Gate gate) {
      this.work = work;
      this.gate = gate;
    }

    @Workflow
    @Override
    public String threeSteps(String input) {
      bodies.incrementAndGet();
      return input + ":" + work.work(1) + work.work(2) + work.work(3);
    }

    @Workflow
    @Override
    public String gated(String input) {
      bodies.incrementAndGet();
      String s = work.work(1);
      gate.pass();
      return input + ":" + s + ":" + DBOS.workflowId();
    }

    @Workflow
    @Override
    public String together(int i) {
      bodies.incrementAndGet();
      if (together == null) {
        gate.pass();
        return "first launch";
      }
      together.countDown();
      try {
        long left = deadlineNanos - System.nanoTime();
        if (!together.await(left, TimeUnit.NANOSECONDS)) {
          return "alone " + i;
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return "together " + i;
    }

    @Workflow
    @Override
    public String choose() {
      bodies.incrementAndGet();
      String first = chooseB ? work.b() : work.a();
      gate.pass();
      return first;
    }
  }

  private record Launched(Flows flows, FlowsImpl impl, WorkImpl work) {}

  private Launched launch(DBOSConfig config, WorkImpl work, Gate flowGate) {
    DBOS.configure(config);
    FlowsImpl impl = new FlowsImpl(DBOS.register(Work.class, work), flowGate);
    Flows flows = DBOS.register(Flows.class, impl);
    return new Launched(flows, impl, work);
  }

  private static WorkflowHandle<String> start(String id, Flows flows, String input) {
    return DBOS.startWorkflow(
        () -> flows.gated(input), StartWorkflowOptions.builder().workflowId(id).build());
  }

  @Test
  void aPendingWorkflowResumesAndItsCompletedStepsDoNotRunAgain() throws Exception {
    Gate atStep2 = new Gate(1);
    Launched first = launch(db.config().build(), new WorkImpl(2, atStep2), Gate.opened());
    DBOS.launch();
    DBOS.startWorkflow(
        () -> first.flows().threeSteps("in"),
        StartWorkflowOptions.builder().workflowId("resume").build());
    atStep2.awaitArrivals();
    DBOS.shutdown(); // step 2 never completes

    assertThat(tables.status("resume")).isEqualTo("PENDING");
    assertThat(tables.operations("resume"))
        .extracting(SystemTables.Operation::functionName)
        .as("only step 1 completed")
        .containsExactly("WorkImpl.work");
    assertThat(first.work().runs(1)).isEqualTo(1);
    assertThat(first.work().runs(2)).isEqualTo(1);

    Launched second = launch(db.config().build(), new WorkImpl(0, Gate.opened()), Gate.opened());
    DBOS.launch();
    assertThat(DBOS.<String>retrieveWorkflow("resume").getResult()).isEqualTo("in:s1s2s3");

    assertThat(second.work().runs(1)).as("step 1 is replayed, not run").isZero();
    assertThat(second.work().runs(2)).as("step 2 had not completed: it runs").isEqualTo(1);
    assertThat(second.work().runs(3)).isEqualTo(1);
    assertThat(second.impl().bodies).hasValue(1);
    assertThat(tables.operations("resume"))
        .extracting(SystemTables.Operation::functionId)
        .containsExactly(1, 2, 3);
    WorkflowStatus status = DBOS.retrieveWorkflow("resume").getStatus();
    assertThat(status.state()).isEqualTo(WorkflowState.SUCCESS);
    assertThat(status.recoveryAttempts()).isEqualTo(2);
  }

  @Test
  void onlyWorkflowsOfThisExecutorAndVersionAreRecovered() throws Exception {
    leavePending(db.config().executorId("other").build(), "of-other-executor");
    leavePending(db.config().appVersion("old-version").build(), "of-old-version");
    leavePending(db.config().build(), "of-this-executor");

    Launched second = launch(db.config().build(), new WorkImpl(0, Gate.opened()), Gate.opened());
    DBOS.launch();
    // Recovery records each restart before launch() returns.
    assertThat(recoveryAttempts("of-this-executor")).isEqualTo(2);
    assertThat(DBOS.<String>retrieveWorkflow("of-this-executor").getResult())
        .isEqualTo("x:s1:of-this-executor");

    assertThat(second.impl().bodies).hasValue(1);
    for (String id : List.of("of-other-executor", "of-old-version")) {
      assertThat(tables.status(id)).as(id).isEqualTo("PENDING");
      assertThat(recoveryAttempts(id)).as(id).isEqualTo(1);
    }
    assertThat(
            tables.string(
                "SELECT executor_id FROM dbos.workflow_status WHERE workflow_uuid = ?",
                "of-other-executor"))
        .isEqualTo("other");
  }

  private void leavePending(DBOSConfig config, String id) throws Exception {
    Gate gate = new Gate(1);
    Launched l = launch(config, new WorkImpl(0, Gate.opened()), gate);
    DBOS.launch();
    start(id, l.flows(), "x");
    gate.awaitArrivals();
    DBOS.shutdown();
    assertThat(tables.status(id)).isEqualTo("PENDING");
  }

  private long recoveryAttempts(String id) throws Exception {
    return tables.count(
        "SELECT recovery_attempts FROM dbos.workflow_status WHERE workflow_uuid = ?", id);
  }

  @Test
  void manyPendingWorkflowsAreRecoveredConcurrently() throws Exception {
    Gate gate = new Gate(MANY);
    Launched first = launch(db.config().build(), new WorkImpl(0, Gate.opened()), gate);
    DBOS.launch();
    for (int i = 0; i < MANY; i++) {
      int n = i;
      DBOS.startWorkflow(
          () -> first.flows().together(n),
          StartWorkflowOptions.builder().workflowId("many-" + i).build());
    }
    gate.awaitArrivals();
    DBOS.shutdown();

    Launched second = launch(db.config().build(), new WorkImpl(0, Gate.opened()), Gate.opened());
    // Each recovered workflow waits until all MANY run at once, up to a shared deadline: recovered
    // one after another, they would all return "alone".
    second.impl().together = new CountDownLatch(MANY);
    second.impl().deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    DBOS.launch();

    List<String> results = new ArrayList<>();
    for (int i = 0; i < MANY; i++) {
      results.add(DBOS.<String>retrieveWorkflow("many-" + i).getResult());
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < MANY; i++) {
      expected.add("together " + i);
    }
    assertThat(results).isEqualTo(expected);
    assertThat(second.impl().bodies).hasValue(MANY);
  }

  @Test
  void aReplayThatCallsADifferentStepFailsWithUnexpectedStep() throws Exception {
    Gate gate = new Gate(1);
    Launched first = launch(db.config().build(), new WorkImpl(0, Gate.opened()), gate);
    DBOS.launch();
    DBOS.startWorkflow(
        first.flows()::choose,
        StartWorkflowOptions.builder().workflowId("nondeterministic").build());
    gate.awaitArrivals();
    DBOS.shutdown();
    assertThat(first.work().aRuns).hasValue(1);

    Launched second = launch(db.config().build(), new WorkImpl(0, Gate.opened()), Gate.opened());
    second.impl().chooseB = true; // the code changed: step 1 is now b() instead of a()
    DBOS.launch();

    WorkflowHandle<String> handle = DBOS.retrieveWorkflow("nondeterministic");
    assertReportsUnexpectedStep(catchThrowable(handle::getResult));
    WorkflowStatus status = handle.getStatus();
    assertThat(status.state()).isEqualTo(WorkflowState.ERROR);
    assertReportsUnexpectedStep(status.error());
    assertThat(second.work().bRuns).as("the mismatching step never runs").hasValue(0);
    assertThat(tables.operations("nondeterministic"))
        .extracting(SystemTables.Operation::functionName)
        .containsExactly("WorkImpl.a");
  }

  /**
   * The workflow's own exception: a DBOSUnexpectedStepException, or, where the recorded exception
   * is rebuilt, what WorkflowHandle.getResult documents for classes that cannot be rebuilt: a
   * DBOSException naming the original class, with the original message.
   */
  private static void assertReportsUnexpectedStep(Throwable error) {
    assertThat(error)
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("called 'WorkImpl.b' as step 1")
        .hasMessageContaining("recorded history has 'WorkImpl.a'");
    if (!(error instanceof DBOSUnexpectedStepException)) {
      assertThat(error).hasMessageContaining(DBOSUnexpectedStepException.class.getName());
    }
  }

  @Test
  void callingAWorkflowThatIsBeingRecoveredAttachesToTheRecovery() throws Exception {
    Gate gate = new Gate(1);
    Launched first = launch(db.config().build(), new WorkImpl(0, Gate.opened()), gate);
    DBOS.launch();
    start("attach", first.flows(), "in");
    gate.awaitArrivals();
    DBOS.shutdown();

    Gate recoveryGate = new Gate(1);
    Launched second = launch(db.config().build(), new WorkImpl(0, Gate.opened()), recoveryGate);
    DBOS.launch();
    recoveryGate.awaitArrivals(); // the recovered execution is under way

    CompletableFuture<String> called =
        CompletableFuture.supplyAsync(
            () -> {
              try (var id = new SetWorkflowID("attach")) {
                return second.flows().gated("in");
              }
            });
    WorkflowHandle<String> started = start("attach", second.flows(), "in");
    recoveryGate.open();

    assertThat(called.get(Gate.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("in:s1:attach");
    assertThat(started.getResult()).isEqualTo("in:s1:attach");
    assertThat(second.impl().bodies).as("one execution of the body").hasValue(1);
    assertThat(second.work().runs(1)).as("step 1 was replayed").isZero();
    assertThat(recoveryAttempts("attach")).isEqualTo(2);
  }
}
