package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.dbos4j.Conditions.awaitTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deduplication: one unfinished workflow per queue and deduplication ID; a refused enqueue records
 * nothing, also inside a workflow; the ID is free again once the workflow has finished.
 */
@BothBackends
class QueueDeduplicationTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);
  private QueueProbe probe;
  private Holding holding;
  private Enqueuer enqueuer;

  public interface Enqueuer {
    /** Enqueues a child with the deduplication ID; returns what happened. */
    String enqueueChild(String deduplicationId);
  }

  static final class EnqueuerImpl implements Enqueuer {
    private final Holding holding;

    EnqueuerImpl(Holding holding) {
      this.holding = holding;
    }

    @Workflow
    @Override
    public String enqueueChild(String deduplicationId) {
      try {
        DBOS.startWorkflow(
            () -> holding.hold("child", "k"),
            StartWorkflowOptions.builder()
                .queue("orders")
                .deduplicationId(deduplicationId)
                .build());
        return "enqueued";
      } catch (DBOSQueueDuplicatedException e) {
        return "refused";
      }
    }
  }

  private void launch() {
    DBOS.configure(db.config().build());
    probe = QueueProbe.holding();
    holding = DBOS.register(Holding.class, probe);
    enqueuer = DBOS.register(Enqueuer.class, new EnqueuerImpl(holding));
    DBOS.registerQueue(Queue.builder("orders").build());
    DBOS.registerQueue(Queue.builder("refunds").build());
    DBOS.launch();
  }

  private WorkflowHandle<String> enqueue(String id, String queue, String dedup, Duration delay) {
    return DBOS.startWorkflow(
        () -> holding.hold(id, "k"),
        StartWorkflowOptions.builder()
            .queue(queue)
            .workflowId(id)
            .deduplicationId(dedup)
            .delay(delay)
            .build());
  }

  private boolean recorded(String id) throws Exception {
    return tables.status(id) != null;
  }

  @Test
  void aDuplicateIsRefusedWhileTheFirstIsUnfinishedAndAcceptedAfterIt() throws Exception {
    launch();
    WorkflowHandle<String> first = enqueue("first", "orders", "order-1", Duration.ZERO);
    awaitTrue("the first runs", () -> probe.running() == 1);

    DBOSQueueDuplicatedException refused =
        catchThrowableOfType(
            DBOSQueueDuplicatedException.class,
            () -> enqueue("second", "orders", "order-1", Duration.ZERO));
    assertThat(refused.queueName()).isEqualTo("orders");
    assertThat(refused.deduplicationId()).isEqualTo("order-1");
    assertThat(refused).hasMessageContaining("second").hasMessageContaining("order-1");
    assertThat(recorded("second")).isFalse();

    enqueue("on-another-queue", "refunds", "order-1", Duration.ZERO);
    assertThat(recorded("on-another-queue")).isTrue();
    assertThat(enqueue("first", "orders", "order-1", Duration.ZERO).workflowId())
        .as("the first's own ID again is a handle on it, not a duplicate")
        .isEqualTo("first");

    probe.finish(2);
    assertThat(first.getResultAsync().get(Gate.TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("first");
    WorkflowHandle<String> second = enqueue("second", "orders", "order-1", Duration.ZERO);
    probe.finish(1);
    assertThat(second.getResultAsync().get(Gate.TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("second");
  }

  @Test
  void aDelayedWorkflowHoldsItsDeduplicationId() throws Exception {
    launch();
    enqueue("later", "orders", "order-2", Duration.ofHours(1));
    assertThatThrownBy(() -> enqueue("again", "orders", "order-2", Duration.ZERO))
        .isInstanceOf(DBOSQueueDuplicatedException.class);
    assertThat(recorded("again")).isFalse();
  }

  @Test
  void aChildRefusedAsADuplicateRecordsNothingInItsParent() throws Exception {
    launch();
    enqueue("holder", "orders", "order-3", Duration.ZERO);
    WorkflowHandle<String> parent =
        DBOS.startWorkflow(
            () -> enqueuer.enqueueChild("order-3"),
            StartWorkflowOptions.builder().workflowId("parent").build());
    assertThat(parent.getResultAsync().get(Gate.TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("refused");
    assertThat(tables.operations("parent")).isEmpty();
    assertThat(recorded("parent-1")).isFalse();
    probe.finish(1);
  }
}
