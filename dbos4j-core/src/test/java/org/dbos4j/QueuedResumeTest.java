package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.internal.lifecycle.Lifecycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A queued workflow cancelled after some steps and resumed goes back on its queue, and its next
 * execution replays the steps recorded before the cancel instead of running them again.
 */
@BothBackends
class QueuedResumeTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  static final AtomicInteger firstStepRuns = new AtomicInteger();

  public interface Flows {
    String stepThenWait();
  }

  static final class FlowsImpl implements Flows {
    @Workflow
    @Override
    public String stepThenWait() {
      int runs = DBOS.runStep("first", firstStepRuns::incrementAndGet);
      String message = DBOS.recv("go", Duration.ofMinutes(5));
      return runs + ":" + message;
    }
  }

  @Test
  void aResumedQueuedWorkflowReplaysTheStepsRecordedBeforeItsCancel() throws Exception {
    firstStepRuns.set(0);
    DBOS.configure(db.config().build());
    Queue queue = Queue.builder("resumable").build();
    DBOS.registerQueue(queue);
    Flows flows = DBOS.register(Flows.class, new FlowsImpl());
    DBOS.launch();

    WorkflowHandle<String> first =
        DBOS.startWorkflow(
            flows::stepThenWait,
            StartWorkflowOptions.builder().queue(queue).workflowId("queued-resume").build());
    Conditions.awaitTrue(
        "the dequeued workflow waits in recv after its step",
        () -> firstStepRuns.get() == 1 && Lifecycle.INSTANCE.parkedWaiters() == 1);

    DBOS.cancelWorkflow("queued-resume");
    assertThatThrownBy(first::getResult).isInstanceOf(DBOSAwaitedWorkflowCancelledException.class);

    WorkflowHandle<String> resumed = DBOS.resumeWorkflow("queued-resume");
    Conditions.awaitTrue(
        "the resumed workflow waits in recv again", () -> Lifecycle.INSTANCE.parkedWaiters() == 1);
    DBOS.send("queued-resume", "now", "go");
    assertThat(resumed.getResult()).isEqualTo("1:now");
    assertThat(firstStepRuns).as("the recorded step is replayed, not run again").hasValue(1);
  }
}
