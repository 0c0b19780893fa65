package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dbos4j.Conditions.awaitTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dbos4j.internal.lifecycle.Lifecycle;
import org.dbos4j.internal.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What waits for time on a queue, on a clock the test moves: a delay keeps a workflow DELAYED until
 * it passes, and a rate limit lets no more workflows start in any window of its period than its
 * limit. And what must not: a backlog larger than one dequeue drains while the clock stands still.
 */
@BothBackends
class QueueDelayAndRateLimitTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  private final SystemTables tables = new SystemTables(db);
  private final ManualClock clock = new ManualClock(T0);
  private QueueProbe probe;
  private Holding holding;

  private void launch(QueueProbe p, Queue queue) {
    DBOS.configure(db.config().clock(clock).build());
    probe = p;
    holding = DBOS.register(Holding.class, probe);
    DBOS.registerQueue(queue);
    DBOS.launch();
  }

  private WorkflowHandle<String> enqueue(String id, Duration delay) {
    return DBOS.startWorkflow(
        () -> holding.hold(id, "k"),
        StartWorkflowOptions.builder().queue("timed").workflowId(id).delay(delay).build());
  }

  /** Moves the clock by {@code d} and waits until the dispatcher has acted on the new time. */
  private void advanceAndAwaitDispatch(Duration d) throws Exception {
    clock.advance(d);
    long now = clock.millis();
    awaitTrue(
        "the dispatcher acted on " + Instant.ofEpochMilli(now),
        () -> Lifecycle.INSTANCE.queueDispatchedAt() >= now);
  }

  private long rows(String status) throws Exception {
    return tables.count("SELECT count(*) FROM dbos.workflow_status WHERE status = ?", status);
  }

  @Test
  void aDelayedWorkflowWaitsDelayedUntilItIsDueThenEnqueued() throws Exception {
    launch(QueueProbe.holding(), Queue.builder("timed").concurrency(1).build());
    enqueue("blocker", Duration.ZERO);
    awaitTrue("the blocker runs", () -> probe.running() == 1);
    WorkflowHandle<String> delayed = enqueue("delayed", Duration.ofSeconds(30));

    assertThat(delayed.getStatus().state()).isEqualTo(WorkflowState.DELAYED);
    assertThat(
            tables.string(
                "SELECT CAST(delay_until_epoch_ms AS TEXT) FROM dbos.workflow_status"
                    + " WHERE workflow_uuid = 'delayed'"))
        .isEqualTo(String.valueOf(T0.plusSeconds(30).toEpochMilli()));
    advanceAndAwaitDispatch(Duration.ofSeconds(29));
    assertThat(delayed.getStatus().state()).isEqualTo(WorkflowState.DELAYED);

    advanceAndAwaitDispatch(Duration.ofSeconds(1));
    assertThat(delayed.getStatus().state())
        .as("due, but the queue's one slot is taken")
        .isEqualTo(WorkflowState.ENQUEUED);
    probe.finish(2);
    assertThat(
            delayed
                .getResultAsync()
                .get(Gate.TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS))
        .isEqualTo("delayed");
    assertThat(delayed.getStatus().startedAt()).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void aRateLimitStartsNoMoreThanItsLimitInAnyWindow() throws Exception {
    launch(
        QueueProbe.freeRunning(),
        Queue.builder("timed").rateLimit(2, Duration.ofSeconds(10)).build());
    for (int i = 0; i < 5; i++) {
      enqueue("r" + i, Duration.ZERO);
    }
    awaitTrue("2 ran", () -> rows("SUCCESS") == 2);

    advanceAndAwaitDispatch(Duration.ofSeconds(5));
    assertThat(rows("SUCCESS")).as("none more within the first window").isEqualTo(2);
    assertThat(rows("ENQUEUED")).isEqualTo(3);

    advanceAndAwaitDispatch(Duration.ofSeconds(5));
    awaitTrue("the next 2 ran", () -> rows("SUCCESS") == 4);
    advanceAndAwaitDispatch(Duration.ofSeconds(10));
    awaitTrue("the last ran", () -> rows("SUCCESS") == 5);

    List<Long> starts = startTimes();
    long period = Duration.ofSeconds(10).toMillis();
    for (long start : starts) {
      assertThat(starts.stream().filter(s -> s > start - period && s <= start).count())
          .as("starts in the window ending at %s", Instant.ofEpochMilli(start))
          .isLessThanOrEqualTo(2);
    }
    assertThat(starts)
        .containsExactly(
            T0.toEpochMilli(),
            T0.toEpochMilli(),
            T0.plusSeconds(10).toEpochMilli(),
            T0.plusSeconds(10).toEpochMilli(),
            T0.plusSeconds(20).toEpochMilli());
  }

  @Test
  void aBacklogOfSeveralBatchesDrainsWithoutWaitingForALook() throws Exception {
    launch(QueueProbe.holding(), Queue.builder("timed").build());
    int backlog = 250; // more than two dequeues' worth
    for (int i = 0; i < backlog; i++) {
      enqueue("b" + i, Duration.ofSeconds(1)); // so that they become ENQUEUED all at once
    }
    clock.advance(Duration.ofSeconds(1));
    awaitTrue("the whole backlog runs at once", () -> probe.running() == backlog);
    probe.finish(backlog);
    awaitTrue("the whole backlog finished", () -> rows("SUCCESS") == backlog);
  }

  private List<Long> startTimes() throws Exception {
    try (var c = tables.connect();
        var st = c.createStatement();
        var rs =
            st.executeQuery(
                "SELECT started_at_epoch_ms FROM dbos.workflow_status"
                    + " ORDER BY started_at_epoch_ms")) {
      java.util.List<Long> starts = new java.util.ArrayList<>();
      while (rs.next()) {
        starts.add(rs.getLong(1));
      }
      return starts;
    }
  }
}
