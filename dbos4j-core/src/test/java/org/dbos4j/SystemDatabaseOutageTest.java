package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workflows ride out outages of the system database (PostgreSQL behind a proxy that resets every
 * connection and cuts off new ones): a restart while they run costs them nothing, not even a step
 * run twice; an outage longer than the outage timeout stops them, and this process resumes them
 * once the database is back.
 */
class SystemDatabaseOutageTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final int WORKFLOWS = 20;
  private static final int STEPS = 60;
  private static final long BOUND_SECONDS = 90;

  private final SystemTables tables = new SystemTables(db);
  private DroppingProxy proxy;
  private Steps impl;
  private Counter counter;

  public interface Counter {
    long countTo(int steps);
  }

  static final class Steps implements Counter {
    /** How often each step's body ran, by "workflow:step". */
    final Map<String, Integer> bodyRuns = new ConcurrentHashMap<>();

    @Workflow
    @Override
    public long countTo(int steps) {
      String workflowId = DBOS.workflowId();
      long sum = 0;
      for (int i = 1; i <= steps; i++) {
        int n = i;
        sum +=
            DBOS.runStep(
                "step",
                () -> {
                  bodyRuns.merge(workflowId + ":" + n, 1, Integer::sum);
                  return n;
                });
      }
      return sum;
    }
  }

  @BeforeEach
  void openProxy() throws Exception {
    proxy = new DroppingProxy(TestPostgres.serverUrl());
  }

  @AfterEach
  void closeProxy() throws Exception {
    proxy.close();
  }

  private void launch(Duration outageTimeout) {
    DBOS.configure(
        db.config()
            .systemDatabaseUrl(proxy.url(db.databaseName()))
            .systemDatabaseOutageTimeout(outageTimeout)
            .build());
    impl = new Steps();
    counter = DBOS.register(Counter.class, impl);
    DBOS.launch();
  }

  private List<WorkflowHandle<Long>> startAll() {
    List<WorkflowHandle<Long>> handles = new ArrayList<>();
    for (int i = 0; i < WORKFLOWS; i++) {
      handles.add(
          DBOS.startWorkflow(
              () -> counter.countTo(STEPS),
              StartWorkflowOptions.builder().workflowId("counter-" + i).build()));
    }
    return handles;
  }

  @RepeatedTest(10)
  void aRestartWhileWorkflowsRunCostsThemNothing() throws Exception {
    launch(Duration.ofMinutes(5));
    List<WorkflowHandle<Long>> handles = startAll();
    Conditions.awaitTrue(
        "a third of the steps recorded", () -> recordedSteps() >= WORKFLOWS * STEPS / 3);

    proxy.goDown();
    Conditions.awaitTrue("the library tried to reconnect", () -> proxy.cutOffConnections() >= 3);
    proxy.comeUp();

    assertAllFinished(handles);
    assertThat(impl.bodyRuns).hasSize(WORKFLOWS * STEPS);
    assertThat(impl.bodyRuns.values()).allMatch(runs -> runs == 1);
  }

  @Test
  void workflowsStoppedByALongOutageResumeOnceTheDatabaseIsBack() throws Exception {
    launch(Duration.ofSeconds(2));
    List<WorkflowHandle<Long>> handles = startAll();
    Conditions.awaitTrue(
        "a third of the steps recorded", () -> recordedSteps() >= WORKFLOWS * STEPS / 3);

    proxy.goDown();
    // Not a wait for a state: the outage itself, which this scenario wants to last 10 s, five
    // times the outage timeout, so that the workflows are stopped rather than merely delayed.
    Thread.sleep(10_000);
    proxy.comeUp();

    assertAllFinished(handles);
    assertThat(impl.bodyRuns).hasSize(WORKFLOWS * STEPS);
    Conditions.awaitTrue(
        "no thread still waits for a workflow or the database", () -> !anyThreadWaits());
  }

  private void assertAllFinished(List<WorkflowHandle<Long>> handles) throws Exception {
    CompletableFuture.allOf(
            handles.stream().map(WorkflowHandle::getResultAsync).toArray(CompletableFuture[]::new))
        .get(BOUND_SECONDS, TimeUnit.SECONDS);
    long expectedSum = (long) STEPS * (STEPS + 1) / 2;
    for (WorkflowHandle<Long> h : handles) {
      assertThat(h.getResult()).isEqualTo(expectedSum);
      assertThat(h.getStatus().state()).isEqualTo(WorkflowState.SUCCESS);
    }
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(DISTINCT workflow_uuid), count(*), count(DISTINCT (workflow_uuid,"
                    + " function_id)) FROM dbos.operation_outputs");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      assertThat(Arrays.asList(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
          .containsExactly((long) WORKFLOWS, (long) WORKFLOWS * STEPS, (long) WORKFLOWS * STEPS);
    }
  }

  private long recordedSteps() throws Exception {
    return tables.count("SELECT count(*) FROM dbos.operation_outputs");
  }

  /** Whether a thread is inside a workflow execution or a wait for the system database. */
  private static boolean anyThreadWaits() {
    for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
      for (StackTraceElement frame : stack) {
        String cls = frame.getClassName();
        if (cls.startsWith("org.dbos4j.internal.sysdb.OutageRetry")
            || cls.startsWith("org.dbos4j.internal.execution.WorkflowExecution")) {
          return true;
        }
      }
    }
    return false;
  }
}
