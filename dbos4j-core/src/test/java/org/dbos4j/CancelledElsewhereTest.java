package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dbos4j.CancelWorkflowTest.assertCancelled;
import static org.dbos4j.Messaging.start;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.internal.time.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A workflow whose row another writer (another tool, an operator's SQL) sets to CANCELLED stops
 * like one cancelled by DBOS.cancelWorkflow: at once on PostgreSQL, through the NOTIFY of the
 * status trigger; within one fallback poll without a notification. Either way it receives no
 * message sent after the cancel, and its handle never returns a result while the row says
 * CANCELLED. The clock moves only when a test moves it, so the fallback poll runs only then.
 */
@BothBackends
class CancelledElsewhereTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final Duration HOUR = Duration.ofHours(1);

  private final SystemTables tables = new SystemTables(db);
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Gate gate = new Gate(1);
  private Flows flows;
  private FlowsImpl impl;

  public interface Flows {
    String recvThenStep();

    String passGate();
  }

  static final class FlowsImpl implements Flows {
    final AtomicInteger after = new AtomicInteger();
    private final Gate gate;

    FlowsImpl(Gate gate) {
      this.gate = gate;
    }

    @Workflow
    @Override
    public String recvThenStep() {
      String message = DBOS.recv("topic", HOUR);
      return DBOS.runStep("after", () -> message + " " + after.incrementAndGet());
    }

    @Workflow
    @Override
    public String passGate() {
      gate.pass(); // not a durable operation: nothing here looks at the cancel
      return "done";
    }
  }

  @BeforeEach
  void launch() {
    DBOS.configure(db.config().clock(clock).build());
    impl = new FlowsImpl(gate);
    flows = DBOS.register(Flows.class, impl);
    DBOS.launch();
  }

  @Test
  void onPostgresARowCancelledBySqlWakesAParkedRecvAtOnce() throws Exception {
    assumeTrue(
        db.backend() == Backend.POSTGRES,
        "only PostgreSQL pushes notifications; SQLite relies on the fallback poll");
    WorkflowHandle<String> h = start("sql", () -> flows.recvThenStep());
    Messaging.awaitParked(1);

    Messaging.setStatus(tables, "sql", "CANCELLED", false);
    DBOS.send("sql", "next", "topic");

    assertCancelled(h); // the clock never moved: no poll ran, the NOTIFY woke it
    assertReceivedNothing("sql");
  }

  @Test
  void withoutANotificationTheFallbackPollStopsIt() throws Exception {
    WorkflowHandle<String> h = start("silent", () -> flows.recvThenStep());
    Messaging.awaitParked(1);

    // On PostgreSQL the session fires no trigger: as if the notification were lost.
    Messaging.setStatus(tables, "silent", "CANCELLED", true);
    DBOS.send("silent", "next", "topic");
    Messaging.awaitParked(1);
    assertReceivedNothing("silent");
    assertThat(h.getResultAsync()).isNotDone();

    clock.advance(DBOSConfig.DEFAULT_FALLBACK_POLL_INTERVAL);

    assertCancelled(h);
    assertReceivedNothing("silent");
  }

  @Test
  void anExecutionThatRanOnPastTheCancelReturnsNoResult() throws Exception {
    WorkflowHandle<String> h = start("ran-on", () -> flows.passGate());
    gate.awaitArrivals();

    Messaging.setStatus(tables, "ran-on", "CANCELLED", true);
    gate.open();

    // Its completion found the row no longer PENDING: the handle reports what the row says.
    assertCancelled(h);
    assertThat(tables.status("ran-on")).isEqualTo("CANCELLED");
    assertThat(
            tables.string(
                "SELECT output FROM dbos.workflow_status WHERE workflow_uuid = ?", "ran-on"))
        .isNull();
  }

  /** The message sent after the cancel is still unconsumed, and nothing ran after the recv. */
  private void assertReceivedNothing(String workflowId) throws Exception {
    assertThat(
            tables.count(
                "SELECT count(*) FROM dbos.notifications WHERE destination_uuid = ?"
                    + " AND NOT consumed",
                workflowId))
        .isEqualTo(1);
    assertThat(
            tables.count(
                "SELECT count(*) FROM dbos.operation_outputs WHERE workflow_uuid = ?"
                    + " AND function_name <> 'DBOS.sleep'",
                workflowId))
        .as("no receipt, no step after it")
        .isZero();
    assertThat(impl.after).hasValue(0);
  }
}
