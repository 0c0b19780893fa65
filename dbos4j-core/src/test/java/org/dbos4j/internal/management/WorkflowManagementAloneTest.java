package org.dbos4j.internal.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dbos4j.BothBackends;
import org.dbos4j.Conditions;
import org.dbos4j.DBOS;
import org.dbos4j.DBOSNonExistentWorkflowException;
import org.dbos4j.ForkOptions;
import org.dbos4j.ListWorkflowsInput;
import org.dbos4j.Queue;
import org.dbos4j.StartWorkflowOptions;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.TestPostgres;
import org.dbos4j.Workflow;
import org.dbos4j.WorkflowHandle;
import org.dbos4j.WorkflowState;
import org.dbos4j.WorkflowStatus;
import org.dbos4j.internal.serialize.ErrorCodec;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.serialize.TypeAllowList;
import org.dbos4j.internal.sysdb.SystemDatabase;
import org.dbos4j.internal.sysdb.WorkflowRow;
import org.dbos4j.internal.time.TimeSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WorkflowManagement built on the system database alone, as a client or a tool builds it: no
 * runtime, no registered workflow (values read as plain JSON). The workflows are run by a launched
 * process sharing the database.
 */
@BothBackends
class WorkflowManagementAloneTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  public interface Jobs {
    String job(String name, int size);
  }

  /** Holds every job until the latch opens. */
  public static final class JobsImpl implements Jobs {
    final CountDownLatch release = new CountDownLatch(1);

    @Workflow
    @Override
    public String job(String name, int size) {
      try {
        if (!release.await(20, TimeUnit.SECONDS)) {
          throw new IllegalStateException("never released");
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return name + ":" + size;
    }
  }

  private final Queue queue = Queue.builder("jobs").concurrency(1).build();
  private JobsImpl impl;
  private Jobs jobs;
  private SystemDatabase sysdb;
  private WorkflowManagement management;

  @BeforeEach
  void launchAndOpenTheDatabaseApart() {
    DBOS.configure(db.config().build());
    impl = new JobsImpl();
    jobs = DBOS.register(Jobs.class, impl);
    DBOS.registerQueue(queue);
    DBOS.launch();
    sysdb =
        SystemDatabase.open(
            db.url(), TestPostgres.user(), TestPostgres.password(), 2, Duration.ofMinutes(1));
    management =
        new WorkflowManagement(
            sysdb,
            new JsonCodec(new TypeAllowList(List.of(), List.of())),
            new ErrorCodec(),
            (name, instance) -> null,
            TimeSource.of(Clock.systemUTC()));
  }

  @AfterEach
  void close() {
    impl.release.countDown();
    DBOS.shutdown();
    sysdb.close();
  }

  private WorkflowHandle<String> enqueue(String id) {
    return DBOS.startWorkflow(
        () -> jobs.job(id, 3), StartWorkflowOptions.builder().workflowId(id).queue(queue).build());
  }

  @Test
  void listsTheQueuedWorkflowsThatWaitOrRun() throws Exception {
    WorkflowHandle<String> direct = DBOS.startWorkflow(() -> jobs.job("direct", 1));
    WorkflowHandle<String> first = enqueue("first");
    WorkflowHandle<String> second = enqueue("second");
    Conditions.awaitTrue(
        "the first job runs from its queue",
        () -> first.getStatus().state() == WorkflowState.PENDING);

    List<WorkflowStatus> queued = management.listQueued(ListWorkflowsInput.builder().build());

    assertThat(queued).extracting(WorkflowStatus::workflowId).containsExactly("first", "second");
    assertThat(queued)
        .extracting(WorkflowStatus::state)
        .containsExactly(WorkflowState.PENDING, WorkflowState.ENQUEUED);
    assertThat(queued.get(0).queueName()).isEqualTo("jobs");
    assertThat(queued.get(0).input()).as("plain JSON values").containsExactly("first", 3);

    impl.release.countDown();
    assertThat(second.getResult()).isEqualTo("second:3");
    assertThat(direct.getResult()).isEqualTo("direct:1");
    assertThat(management.listQueued(ListWorkflowsInput.builder().build())).isEmpty();
    assertThat(
            management.listQueued(
                ListWorkflowsInput.builder().states(List.of(WorkflowState.SUCCESS)).build()))
        .extracting(WorkflowStatus::workflowId)
        .containsExactly("first", "second");
  }

  @Test
  void readsStatusesAndStepsWithoutRegisteredTypes() throws Exception {
    impl.release.countDown();
    WorkflowHandle<String> done = DBOS.startWorkflow(() -> jobs.job("done", 2));
    done.getResult();

    WorkflowStatus status = management.status(done.workflowId());
    assertThat(status).isNotNull();
    assertThat(status.output()).isEqualTo("done:2");
    assertThat(status.input()).containsExactly("done", 2);
    assertThat(management.status("nobody")).isNull();
    assertThat(management.listWorkflowSteps(done.workflowId())).isEmpty();
    assertThatThrownBy(() -> management.listWorkflowSteps("nobody"))
        .isInstanceOf(DBOSNonExistentWorkflowException.class);
  }

  @Test
  void aForkWithoutVersionKeepsTheOriginalsAndADeleteRemovesIt() throws Exception {
    impl.release.countDown();
    WorkflowHandle<String> done = DBOS.startWorkflow(() -> jobs.job("forked", 5));
    done.getResult();

    WorkflowRow fork =
        management.fork(
            done.workflowId(),
            1,
            ForkOptions.builder().forkedWorkflowId("the-fork").build(),
            null,
            null);

    assertThat(fork.workflowId()).isEqualTo("the-fork");
    assertThat(fork.forkedFrom()).isEqualTo(done.workflowId());
    assertThat(fork.appVersion()).isEqualTo("test-version");
    assertThat(fork.executorId()).isEqualTo(DBOS.config().executorId());
    assertThat(fork.processId()).as("owned by no process yet").isNull();
    // A process of that version and executor recovers it: here the next launch.
    DBOS.shutdown();
    DBOS.configure(db.config().build());
    impl = new JobsImpl();
    impl.release.countDown();
    DBOS.register(Jobs.class, impl);
    DBOS.launch();
    assertThat(DBOS.<String>retrieveWorkflow("the-fork").getResult()).isEqualTo("forked:5");

    management.delete("the-fork", false);
    assertThat(management.status("the-fork")).isNull();
  }
}
