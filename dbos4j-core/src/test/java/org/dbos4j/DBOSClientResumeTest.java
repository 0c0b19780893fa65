package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.internal.lifecycle.Lifecycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A workflow that is not queued, resumed by a {@link DBOSClient}, is run by a launched process of
 * its executor ID and version that keeps running: its recovery takes over a PENDING workflow
 * without a process at its periodic look for orphans, with no relaunch.
 */
@BothBackends
class DBOSClientResumeTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  /** The launched process looks for orphans every 30 s (15 lease renewals of 2 s). */
  private static final Duration ORPHAN_LOOK = Duration.ofSeconds(60);

  static final AtomicInteger stepRuns = new AtomicInteger();

  public interface Waiter {
    String stepThenWait();
  }

  static final class WaiterImpl implements Waiter {
    @Workflow
    @Override
    public String stepThenWait() {
      int runs = DBOS.runStep("first", stepRuns::incrementAndGet);
      return runs + ":" + DBOS.recv("go", Duration.ofMinutes(5));
    }
  }

  @Test
  void aLiveProcessRunsAWorkflowTheClientResumed() throws Exception {
    stepRuns.set(0);
    DBOS.configure(db.config().build());
    Waiter waiter = DBOS.register(Waiter.class, new WaiterImpl());
    DBOS.launch();
    DBOS.startWorkflow(
        waiter::stepThenWait, StartWorkflowOptions.builder().workflowId("resumed").build());
    Conditions.awaitTrue(
        "it waits in recv after its step",
        () -> stepRuns.get() == 1 && Lifecycle.INSTANCE.parkedWaiters() == 1);
    try (DBOSClient client =
        DBOSClient.builder()
            .systemDatabaseUrl(db.url())
            .user(TestPostgres.user())
            .password(TestPostgres.password())
            .build()) {
      client.cancelWorkflow("resumed");
      Conditions.awaitTrue(
          "the cancelled execution has stopped", () -> Lifecycle.INSTANCE.parkedWaiters() == 0);

      WorkflowHandle<String> handle = client.resumeWorkflow("resumed");

      Conditions.awaitTrue(
          "the launched process took it over and waits in recv again",
          ORPHAN_LOOK,
          () -> Lifecycle.INSTANCE.parkedWaiters() == 1);
      client.send("resumed", "now", "go");
      assertThat(handle.getResult()).isEqualTo("1:now");
      assertThat(stepRuns).as("the recorded step is replayed, not run again").hasValue(1);
    }
  }
}
