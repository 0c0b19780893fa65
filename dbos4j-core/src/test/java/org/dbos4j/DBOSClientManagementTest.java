package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@link DBOSClient} lists, forks and deletes the workflows of a launched process through the
 * same management code as {@link DBOS}, and sees what {@code DBOS} sees.
 */
@BothBackends
class DBOSClientManagementTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  /** Where nothing notifies (SQLite), waiters in both processes look this often. */
  private static final Duration FAST_POLL = Duration.ofMillis(100);

  private final SystemTables tables = new SystemTables(db);

  static final AtomicInteger firstStepRuns = new AtomicInteger();
  static final AtomicInteger secondStepRuns = new AtomicInteger();

  public interface Jobs {
    String twoSteps(String input);

    String parent();

    String child();
  }

  static final class JobsImpl implements Jobs {
    private Jobs self;

    @Workflow
    @Override
    public String twoSteps(String input) {
      int first = DBOS.runStep("first", firstStepRuns::incrementAndGet);
      DBOS.setEvent("progress", "after-first");
      int second = DBOS.runStep("second", secondStepRuns::incrementAndGet);
      return input + ":" + first + ":" + second;
    }

    @Workflow
    @Override
    public String parent() {
      return "parent of " + self.child();
    }

    @Workflow
    @Override
    public String child() {
      return "child";
    }
  }

  private DBOSClient client;

  private Jobs launch() {
    DBOS.configure(db.config().fallbackPollInterval(FAST_POLL).build());
    DBOS.registerQueue(Queue.builder("jobs").build());
    JobsImpl impl = new JobsImpl();
    Jobs jobs = DBOS.register(Jobs.class, impl);
    impl.self = jobs;
    DBOS.launch();
    client =
        DBOSClient.builder()
            .systemDatabaseUrl(db.url())
            .user(TestPostgres.user())
            .password(TestPostgres.password())
            .fallbackPollInterval(FAST_POLL)
            .build();
    return jobs;
  }

  @AfterEach
  void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  private static List<String> ids(List<WorkflowStatus> statuses) {
    return statuses.stream().map(WorkflowStatus::workflowId).toList();
  }

  @Test
  void theClientListsWhatDbosLists() {
    firstStepRuns.set(0);
    secondStepRuns.set(0);
    Jobs jobs = launch();
    for (int i = 0; i < 3; i++) {
      String id = "job-" + i;
      DBOS.startWorkflow(
              () -> jobs.twoSteps(id), StartWorkflowOptions.builder().workflowId(id).build())
          .getResult();
    }
    client
        .enqueue(
            EnqueueOptions.builder("JobsImpl.twoSteps", "jobs").workflowId("queued").build(), "q")
        .getResult();

    ListWorkflowsInput all = ListWorkflowsInput.builder().build();
    assertThat(ids(client.listWorkflows(all)))
        .containsExactly("job-0", "job-1", "job-2", "queued")
        .isEqualTo(ids(DBOS.listWorkflows(all)));
    ListWorkflowsInput latestTwo =
        ListWorkflowsInput.builder()
            .workflowIdPrefix("job-")
            .sortDescending(true)
            .limit(2)
            .loadInput(false)
            .build();
    List<WorkflowStatus> page = client.listWorkflows(latestTwo);
    assertThat(ids(page)).containsExactly("job-2", "job-1");
    assertThat(page).allSatisfy(s -> assertThat(s.input()).isNull());
    assertThat(page).allSatisfy(s -> assertThat(s.output()).isNotNull());
    assertThat(
            ids(
                client.listWorkflows(
                    ListWorkflowsInput.builder()
                        .queueName("jobs")
                        .states(List.of(WorkflowState.SUCCESS))
                        .build())))
        .containsExactly("queued");
    WorkflowStatus queued =
        client
            .listWorkflows(ListWorkflowsInput.builder().workflowIds(List.of("queued")).build())
            .get(0);
    assertThat(queued.input()).containsExactly("q");
    assertThat(queued.output()).isEqualTo("q:4:4");
  }

  @Test
  void theClientListsQueuedWorkflows() {
    launch();
    client.enqueue(
        EnqueueOptions.builder("JobsImpl.child", "jobs")
            .workflowId("waiting")
            .appVersion("not-running")
            .build());
    client
        .enqueue(EnqueueOptions.builder("JobsImpl.child", "jobs").workflowId("ran").build())
        .getResult();

    assertThat(ids(client.listQueuedWorkflows(ListWorkflowsInput.builder().build())))
        .containsExactly("waiting");
  }

  @Test
  void theClientListsTheStepsOfAWorkflow() {
    Jobs jobs = launch();
    DBOS.startWorkflow(jobs::parent, StartWorkflowOptions.builder().workflowId("p").build())
        .getResult();
    DBOS.startWorkflow(
            () -> jobs.twoSteps("s"), StartWorkflowOptions.builder().workflowId("s").build())
        .getResult();

    List<StepInfo> steps = client.listWorkflowSteps("s");
    assertThat(steps)
        .extracting(StepInfo::functionName)
        .containsExactly("first", "DBOS.setEvent", "second");
    assertThat(steps).extracting(StepInfo::functionId).containsExactly(1, 2, 3);
    assertThat(steps.get(0).output()).isEqualTo(DBOS.listWorkflowSteps("s").get(0).output());
    assertThat(client.listWorkflowSteps("p"))
        .singleElement()
        .satisfies(step -> assertThat(step.childWorkflowId()).isEqualTo("p-1"));
    assertThatThrownBy(() -> client.listWorkflowSteps("nobody"))
        .isInstanceOf(DBOSNonExistentWorkflowException.class);
  }

  @Test
  void aForkByTheClientRunsInTheLaunchedProcessWithoutRunningTheCopiedSteps() throws Exception {
    firstStepRuns.set(0);
    secondStepRuns.set(0);
    Jobs jobs = launch();
    DBOS.startWorkflow(
            () -> jobs.twoSteps("in"),
            StartWorkflowOptions.builder().workflowId("original").build())
        .getResult();

    WorkflowHandle<String> fork =
        client.forkWorkflow(
            "original", 3, ForkOptions.builder().forkedWorkflowId("forked").build());

    assertThat(fork.workflowId()).isEqualTo("forked");
    WorkflowStatus status = fork.getStatus();
    assertThat(status.forkedFrom()).isEqualTo("original");
    assertThat(status.appVersion()).isEqualTo("test-version");
    assertThat(status.state()).isIn(WorkflowState.PENDING, WorkflowState.SUCCESS);
    // A relaunch recovers it at once; a live process takes it at its next look for orphans.
    DBOS.shutdown();
    launchAgain();
    assertThat(fork.getResult()).isEqualTo("in:1:2");
    assertThat(firstStepRuns).as("step 1 copied, not run again").hasValue(1);
    assertThat(secondStepRuns).as("step 3 runs again in the fork").hasValue(2);
    assertThat((String) client.getEvent("forked", "progress", Duration.ZERO))
        .as("the event set before the fork step is copied")
        .isEqualTo("after-first");

    assertThatThrownBy(() -> client.forkWorkflow("nobody", 1))
        .isInstanceOf(DBOSNonExistentWorkflowException.class);
    assertThatThrownBy(() -> client.forkWorkflow("original", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void launchAgain() {
    DBOS.configure(db.config().fallbackPollInterval(FAST_POLL).build());
    DBOS.registerQueue(Queue.builder("jobs").build());
    JobsImpl impl = new JobsImpl();
    impl.self = DBOS.register(Jobs.class, impl);
    DBOS.launch();
  }

  @Test
  void theClientDeletesWorkflowsWithOrWithoutTheirChildren() throws Exception {
    Jobs jobs = launch();
    DBOS.startWorkflow(jobs::parent, StartWorkflowOptions.builder().workflowId("a").build())
        .getResult();
    DBOS.startWorkflow(jobs::parent, StartWorkflowOptions.builder().workflowId("b").build())
        .getResult();

    client.deleteWorkflow("a");
    assertThatThrownBy(() -> client.retrieveWorkflow("a"))
        .isInstanceOf(DBOSNonExistentWorkflowException.class);
    assertThat(tables.status("a-1")).as("children are kept").isEqualTo("SUCCESS");
    assertThat(
            tables.count(
                "SELECT count(*) FROM dbos.operation_outputs WHERE workflow_uuid = ?", "a"))
        .isZero();

    client.deleteWorkflow("b", true);
    assertThat(tables.status("b")).isNull();
    assertThat(tables.status("b-1")).isNull();

    client.deleteWorkflow("nobody");
    client
        .enqueue(EnqueueOptions.builder("JobsImpl.child", "jobs").workflowId("a").build())
        .getResult();
    assertThat(client.retrieveWorkflow("a").getStatus().name())
        .as("a deleted ID may be used again")
        .isEqualTo("JobsImpl.child");
  }
}
