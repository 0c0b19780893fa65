package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dbos4j.Conditions.awaitTrue;

import java.util.ArrayList;
import java.util.List;
import org.dbos4j.internal.lifecycle.Lifecycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Concurrency limits, counted from inside the workflows with real threads: a queue's concurrency
 * (what the database records of every process) and its worker concurrency (this process), each per
 * partition key on a partitioned queue.
 */
@BothBackends
class QueueLimitsTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);
  private QueueProbe probe;
  private Holding holding;

  private void launch(Queue queue) {
    DBOS.configure(db.config().build());
    probe = QueueProbe.holding();
    holding = DBOS.register(Holding.class, probe);
    DBOS.registerQueue(queue);
    DBOS.launch();
  }

  private List<WorkflowHandle<String>> enqueue(int n, String key, boolean partitioned) {
    List<WorkflowHandle<String>> handles = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = key + "-" + i;
      StartWorkflowOptions.Builder options = StartWorkflowOptions.builder().queue("limited");
      if (partitioned) {
        options.partitionKey(key);
      }
      handles.add(DBOS.startWorkflow(() -> holding.hold(id, key), options.build()));
    }
    return handles;
  }

  /** Lets every workflow finish, one slot after another, and waits for all of them. */
  private void finishAll(int n) throws Exception {
    probe.finish(n);
    awaitTrue("all " + n + " workflows finished", () -> probe.finished() == n);
    awaitTrue(
        "none is left ENQUEUED or PENDING",
        () ->
            tables.count(
                    "SELECT count(*) FROM dbos.workflow_status"
                        + " WHERE status IN ('ENQUEUED', 'PENDING')")
                == 0);
  }

  /** Waits until the dispatcher has finished a round begun after now. */
  private static void awaitDispatcherRound() throws Exception {
    long now = System.currentTimeMillis();
    awaitTrue(
        "the dispatcher finished a round", () -> Lifecycle.INSTANCE.queueDispatchedAt() >= now);
  }

  private long enqueuedRows() throws Exception {
    return tables.count("SELECT count(*) FROM dbos.workflow_status WHERE status = 'ENQUEUED'");
  }

  @Test
  void concurrencyIsNeverExceeded() throws Exception {
    launch(Queue.builder("limited").concurrency(3).build());
    enqueue(12, "k", false);
    awaitTrue("3 run", () -> probe.running() == 3);
    awaitDispatcherRound();
    assertThat(probe.running()).isEqualTo(3);
    assertThat(enqueuedRows()).isEqualTo(9);

    finishAll(12);
    assertThat(probe.maxRunning()).isEqualTo(3);
  }

  @Test
  void workerConcurrencyIsNeverExceeded() throws Exception {
    launch(Queue.builder("limited").workerConcurrency(2).build());
    enqueue(10, "k", false);
    awaitTrue("2 run", () -> probe.running() == 2);
    awaitDispatcherRound();
    assertThat(probe.running()).isEqualTo(2);
    assertThat(enqueuedRows()).isEqualTo(8);

    finishAll(10);
    assertThat(probe.maxRunning()).isEqualTo(2);
  }

  @Test
  void concurrencyCountsTheWorkflowsOfOtherProcesses() throws Exception {
    launch(Queue.builder("limited").concurrency(2).build());
    // as if another process were running one of the queue's workflows
    tables.update(
        "INSERT INTO dbos.workflow_status (workflow_uuid, status, name, queue_name, executor_id,"
            + " created_at, updated_at, started_at_epoch_ms) VALUES ('elsewhere', 'PENDING',"
            + " 'QueueProbe.hold', 'limited', 'other-process', 1, 1, 1)");
    enqueue(4, "k", false);
    awaitTrue("1 runs", () -> probe.running() == 1);
    awaitDispatcherRound();
    assertThat(probe.running()).isEqualTo(1);
    assertThat(enqueuedRows()).isEqualTo(3);

    // the other process's workflow finishes: its slot is free (a NOTIFY, or the next look)
    tables.update(
        "UPDATE dbos.workflow_status SET status = 'SUCCESS' WHERE workflow_uuid = ?", "elsewhere");
    awaitTrue("2 run", () -> probe.running() == 2);
    finishAll(4);
    assertThat(probe.maxRunning()).isEqualTo(2);
  }

  @Test
  void aPartitionedQueuesConcurrencyIsPerPartitionKey() throws Exception {
    launch(Queue.builder("limited").partitioned(true).concurrency(2).build());
    enqueue(4, "a", true);
    enqueue(4, "b", true);
    awaitTrue(
        "2 of each key run", () -> probe.runningWith("a") == 2 && probe.runningWith("b") == 2);
    awaitDispatcherRound();
    assertThat(probe.running()).isEqualTo(4);

    finishAll(8);
    assertThat(probe.maxRunningWith("a")).isEqualTo(2);
    assertThat(probe.maxRunningWith("b")).isEqualTo(2);
  }

  @Test
  void aPartitionedQueuesWorkerConcurrencyIsPerPartitionKey() throws Exception {
    launch(Queue.builder("limited").partitioned(true).workerConcurrency(1).build());
    enqueue(3, "a", true);
    enqueue(3, "b", true);
    awaitTrue(
        "1 of each key runs", () -> probe.runningWith("a") == 1 && probe.runningWith("b") == 1);
    awaitDispatcherRound();
    assertThat(probe.running()).isEqualTo(2);

    finishAll(6);
    assertThat(probe.maxRunningWith("a")).isEqualTo(1);
    assertThat(probe.maxRunningWith("b")).isEqualTo(1);
  }
}
