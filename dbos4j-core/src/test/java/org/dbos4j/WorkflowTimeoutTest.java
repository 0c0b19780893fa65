package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dbos4j.CancelWorkflowTest.assertCancelled;
import static org.dbos4j.Conditions.awaitTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.internal.time.ManualClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * StartWorkflowOptions.timeout (API 5.2): a deadline recorded with the workflow at its start,
 * inherited by its children, kept across a relaunch, and cancelling the workflow when the manual
 * clock passes it.
 */
@BothBackends
class WorkflowTimeoutTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);

  private final SystemTables tables = new SystemTables(db);
  private final ManualClock clock = new ManualClock(START);
  private Waits waits;

  public interface Waits {
    String recvTwoHours();

    String parentOfTwo();

    String gateThenStep();
  }

  static final class WaitsImpl implements Waits {
    final AtomicInteger steps = new AtomicInteger();
    volatile Gate gate = Gate.opened();
    Waits self;

    @Workflow
    @Override
    public String gateThenStep() {
      gate.pass();
      return DBOS.runStep("step", () -> "step " + steps.incrementAndGet());
    }

    @Workflow
    @Override
    public String recvTwoHours() {
      return "received " + DBOS.recv("topic", HOUR.multipliedBy(2));
    }

    @Workflow
    @Override
    public String parentOfTwo() {
      DBOS.startWorkflow(() -> self.recvTwoHours()); // inherits the parent's deadline
      DBOS.startWorkflow(
          () -> self.recvTwoHours(),
          StartWorkflowOptions.builder().timeout(Duration.ofMinutes(10)).build());
      return DBOS.recv("topic", HOUR.multipliedBy(2));
    }
  }

  private WaitsImpl impl;

  @BeforeEach
  void launch() {
    DBOS.configure(db.config().clock(clock).build());
    impl = new WaitsImpl();
    waits = DBOS.register(Waits.class, impl);
    impl.self = waits;
    DBOS.launch();
  }

  private static StartWorkflowOptions timeout(String id, Duration timeout) {
    return StartWorkflowOptions.builder().workflowId(id).timeout(timeout).build();
  }

  @Test
  void aWorkflowIsCancelledWhenItsDeadlinePasses() throws Exception {
    WorkflowHandle<String> h = DBOS.startWorkflow(() -> waits.recvTwoHours(), timeout("t", HOUR));
    assertThat(recorded("workflow_timeout_ms", "t")).isEqualTo(HOUR.toMillis());
    assertThat(recorded("workflow_deadline_epoch_ms", "t"))
        .isEqualTo(START.plus(HOUR).toEpochMilli());
    awaitParkedOnClock(1);

    clock.advance(HOUR.minusMillis(1));
    awaitParkedOnClock(1);
    assertThat(tables.status("t")).isEqualTo("PENDING");
    clock.advance(Duration.ofMillis(1));

    assertCancelled(h);
    assertThat(tables.status("t")).isEqualTo("CANCELLED");
  }

  @Test
  void childrenInheritTheDeadlineOrKeepAnEarlierOneOfTheirOwn() throws Exception {
    WorkflowHandle<String> parent =
        DBOS.startWorkflow(() -> waits.parentOfTwo(), timeout("p", HOUR));
    awaitParkedOnClock(3);
    long parentDeadline = START.plus(HOUR).toEpochMilli();
    assertThat(recorded("workflow_deadline_epoch_ms", "p-1")).isEqualTo(parentDeadline);
    assertThat(recorded("workflow_timeout_ms", "p-1")).isNull();
    assertThat(recorded("workflow_deadline_epoch_ms", "p-2"))
        .isEqualTo(START.plus(Duration.ofMinutes(10)).toEpochMilli());

    clock.advance(Duration.ofMinutes(10));
    assertCancelled(DBOS.retrieveWorkflow("p-2"));
    assertThat(tables.status("p")).isEqualTo("PENDING");
    assertThat(tables.status("p-1")).isEqualTo("PENDING");

    clock.advance(Duration.ofMinutes(50));
    assertCancelled(parent);
    assertCancelled(DBOS.retrieveWorkflow("p-1"));
  }

  @Test
  void theDeadlineHoldsAcrossARelaunch() throws Exception {
    DBOS.startWorkflow(() -> waits.recvTwoHours(), timeout("kept", HOUR));
    awaitParkedOnClock(1);
    clock.advance(Duration.ofMinutes(30));
    DBOS.shutdown(); // mid-wait: the workflow stays PENDING

    launch(); // recovers it, with the same clock
    awaitParkedOnClock(1);
    assertThat(tables.status("kept")).isEqualTo("PENDING");
    assertThat(recorded("workflow_deadline_epoch_ms", "kept"))
        .isEqualTo(START.plus(HOUR).toEpochMilli());

    clock.advance(Duration.ofMinutes(30));
    assertCancelled(DBOS.retrieveWorkflow("kept"));
    assertThat(tables.status("kept")).isEqualTo("CANCELLED");
  }

  @Test
  void aWorkflowRecoveredPastItsDeadlineIsCancelledBeforeItRuns() throws Exception {
    Gate gate = new Gate(1);
    impl.gate = gate;
    DBOS.startWorkflow(() -> waits.gateThenStep(), timeout("late", HOUR));
    gate.awaitArrivals();
    DBOS.shutdown(); // interrupts it at the gate: it stays PENDING
    assertThat(tables.status("late")).isEqualTo("PENDING");
    clock.advance(HOUR.multipliedBy(2));

    launch(); // recovers it, its deadline long past

    assertCancelled(DBOS.retrieveWorkflow("late"));
    assertThat(impl.steps).as("its body reached no step").hasValue(0);
    assertThat(tables.operationRows()).isZero();
  }

  @Test
  void resumingATimedOutWorkflowClearsItsDeadline() throws Exception {
    DBOS.startWorkflow(() -> waits.recvTwoHours(), timeout("again", Duration.ofMinutes(1)));
    awaitParkedOnClock(1);
    clock.advance(Duration.ofMinutes(1));
    assertCancelled(DBOS.retrieveWorkflow("again"));

    WorkflowHandle<String> resumed = DBOS.resumeWorkflow("again");

    assertThat(recorded("workflow_deadline_epoch_ms", "again")).isNull();
    // The recv waits on, with no deadline of the workflow to watch: only it parks on the clock.
    Messaging.awaitParked(1);
    awaitParkedOnClock(0, 1);
    clock.advance(Duration.ofMinutes(30));
    DBOS.send("again", "late", "topic");
    assertThat(resumed.getResult()).isEqualTo("received late");
  }

  /**
   * Waits until {@code waits} waits of workflows, the fallback poll and the timer of the workflow
   * deadlines park on the clock.
   */
  private void awaitParkedOnClock(int waits) throws Exception {
    awaitParkedOnClock(1, waits);
  }

  private void awaitParkedOnClock(int timers, int waits) throws Exception {
    int expected = waits + 1 + timers;
    awaitTrue(expected + " threads park on the clock", () -> clock.parkedThreads() == expected);
  }

  private @Nullable Long recorded(String column, String workflowId) throws Exception {
    String value =
        tables.string(
            "SELECT " + column + " FROM dbos.workflow_status WHERE workflow_uuid = ?", workflowId);
    return value == null ? null : Long.valueOf(value);
  }
}
