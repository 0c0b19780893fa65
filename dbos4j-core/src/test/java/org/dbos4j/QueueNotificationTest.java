package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dbos4j.Conditions.awaitTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.dbos4j.internal.lifecycle.Lifecycle;
import org.dbos4j.internal.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On PostgreSQL a change made by another process wakes the dispatcher at once, through NOTIFY: on a
 * clock that stands still, so no look and no timer ever runs, a workflow another process made
 * ENQUEUED (an SQL update here) still runs, and so does one whose slot another process freed, and
 * one a dequeue skipped because another writer held its row.
 */
class QueueNotificationTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  private final SystemTables tables = new SystemTables(db);
  private final ManualClock clock = new ManualClock(T0);
  private QueueProbe probe;
  private Holding holding;

  private void launch(Queue queue) throws Exception {
    DBOS.configure(db.config().clock(clock).build());
    probe = QueueProbe.freeRunning();
    holding = DBOS.register(Holding.class, probe);
    DBOS.registerQueue(queue);
    DBOS.launch();
    awaitTrue(
        "the dispatcher's first look",
        () -> Lifecycle.INSTANCE.queueDispatchedAt() >= T0.toEpochMilli());
  }

  private WorkflowHandle<String> enqueue(String id, Duration delay) {
    return DBOS.startWorkflow(
        () -> holding.hold(id, "k"),
        StartWorkflowOptions.builder().queue("notified").workflowId(id).delay(delay).build());
  }

  @Test
  void aWorkflowMadeEnqueuedElsewhereRunsWithoutALook() throws Exception {
    launch(Queue.builder("notified").build());
    WorkflowHandle<String> h = enqueue("elsewhere-enqueued", Duration.ofHours(1));
    assertThat(h.getStatus().state()).isEqualTo(WorkflowState.DELAYED);

    tables.update(
        "UPDATE dbos.workflow_status SET status = 'ENQUEUED' WHERE workflow_uuid = ?",
        "elsewhere-enqueued");
    assertThat(h.getResultAsync().get(Gate.TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("elsewhere-enqueued");
  }

  @Test
  void aSlotFreedElsewhereIsTakenWithoutALook() throws Exception {
    launch(Queue.builder("notified").concurrency(1).build());
    tables.update(
        "INSERT INTO dbos.workflow_status (workflow_uuid, status, name, queue_name, executor_id,"
            + " created_at, updated_at, started_at_epoch_ms) VALUES ('elsewhere', 'PENDING',"
            + " 'QueueProbe.hold', 'notified', 'other-process', 1, 1, 1)");
    WorkflowHandle<String> h = enqueue("waiting", Duration.ZERO);
    // a look, then the clock stands still again: the dispatcher has seen the slot taken
    clock.advance(Duration.ofSeconds(5));
    long looked = clock.millis();
    awaitTrue("the dispatcher's look", () -> Lifecycle.INSTANCE.queueDispatchedAt() >= looked);
    assertThat(h.getStatus().state()).isEqualTo(WorkflowState.ENQUEUED);
    assertThat(probe.started()).isEmpty();

    tables.update(
        "UPDATE dbos.workflow_status SET status = 'SUCCESS' WHERE workflow_uuid = ?", "elsewhere");
    assertThat(h.getResultAsync().get(Gate.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("waiting");
  }

  @Test
  void aWorkflowSkippedWhileLockedRunsOnceItsWaiterMarksIt() throws Exception {
    launch(Queue.builder("notified").concurrency(1).build());
    tables.update(
        "INSERT INTO dbos.workflow_status (workflow_uuid, status, name, queue_name, executor_id,"
            + " created_at, updated_at, started_at_epoch_ms) VALUES ('elsewhere', 'PENDING',"
            + " 'QueueProbe.hold', 'notified', 'other-process', 1, 1, 1)");
    WorkflowHandle<String> h = enqueue("locked", Duration.ZERO);
    try (var lockHolder = tables.connect()) {
      // another writer holds the row, as a waiter's mark does for the moment of its UPDATE
      lockHolder.setAutoCommit(false);
      try (var st = lockHolder.createStatement()) {
        st.execute(
            "SELECT 1 FROM dbos.workflow_status WHERE workflow_uuid = 'locked' FOR NO KEY UPDATE");
      }
      // the slot is freed without a notification (a DELETE), and the next look's dequeue skips
      // the locked row
      tables.update("DELETE FROM dbos.workflow_status WHERE workflow_uuid = 'elsewhere'");
      clock.advance(Duration.ofSeconds(5));
      long looked = clock.millis();
      awaitTrue("the dispatcher's look", () -> Lifecycle.INSTANCE.queueDispatchedAt() >= looked);
      assertThat(h.getStatus().state()).isEqualTo(WorkflowState.ENQUEUED);
      lockHolder.rollback();
    }
    assertThat(h.getResultAsync().get(Gate.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo("locked");
  }
}
