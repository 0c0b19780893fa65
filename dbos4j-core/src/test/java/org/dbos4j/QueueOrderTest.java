package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dbos4j.Conditions.awaitTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The order of dispatch: FIFO within a priority; unset and 0 before 1 (the most urgent priority),
 * then 2, ...; on a queue limited in all processes and on one limited only in this process (the two
 * ways a dequeue is made).
 */
@BothBackends
class QueueOrderTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private QueueProbe probe;
  private Holding probed;

  private void launch(Queue queue) {
    DBOS.configure(db.config().build());
    probe = QueueProbe.holding();
    probed = DBOS.register(Holding.class, probe);
    DBOS.registerQueue(queue);
    DBOS.launch();
  }

  @Test
  void oneAtATimeInAllProcessesRunsByPriorityThenFifo() throws Exception {
    launch(Queue.builder("ordered").concurrency(1).priorityEnabled(true).build());
    assertRunsByPriorityThenFifo();
  }

  @Test
  void oneAtATimeInThisProcessRunsByPriorityThenFifo() throws Exception {
    launch(Queue.builder("ordered").workerConcurrency(1).priorityEnabled(true).build());
    assertRunsByPriorityThenFifo();
  }

  private void assertRunsByPriorityThenFifo() throws Exception {
    enqueue("blocker", 0);
    awaitTrue("the blocker runs", () -> probe.running() == 1);
    // id and priority; 0 is the same as unset
    Object[][] order = {
      {"p2-a", 2},
      {"none-a", -1},
      {"p1-a", 1},
      {"zero-b", 0},
      {"p2-b", 2},
      {"p1-b", 1},
      {"none-c", -1},
      {"p3-a", 3},
      {"p1-c", 1}
    };
    for (Object[] w : order) {
      enqueue((String) w[0], (Integer) w[1]);
    }
    probe.finish(order.length + 1);
    awaitTrue("every workflow ran", () -> probe.finished() == order.length + 1);

    assertThat(probe.started())
        .containsExactly(
            "blocker", "none-a", "zero-b", "none-c", "p1-a", "p1-b", "p1-c", "p2-a", "p2-b",
            "p3-a");
    assertThat(probe.maxRunning()).isEqualTo(1);
  }

  private void enqueue(String id, int priority) {
    StartWorkflowOptions.Builder options =
        StartWorkflowOptions.builder().queue("ordered").workflowId(id);
    if (priority >= 0) {
      options.priority(priority);
    }
    DBOS.startWorkflow(() -> probed.hold(id, "k"), options.build());
  }

  static List<String> ids(int n, String prefix) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(prefix + i);
    }
    return ids;
  }
}
