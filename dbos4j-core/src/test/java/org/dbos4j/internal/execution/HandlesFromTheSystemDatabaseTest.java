package org.dbos4j.internal.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.dbos4j.DBOS;
import org.dbos4j.SetWorkflowID;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.TestPostgres;
import org.dbos4j.Workflow;
import org.dbos4j.WorkflowHandle;
import org.dbos4j.WorkflowState;
import org.dbos4j.internal.notify.CancellationNotices;
import org.dbos4j.internal.notify.FallbackPoller;
import org.dbos4j.internal.notify.WakeupKey;
import org.dbos4j.internal.notify.WakeupSignals;
import org.dbos4j.internal.serialize.ErrorCodec;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.serialize.TypeAllowList;
import org.dbos4j.internal.sysdb.OperationOutputsDao;
import org.dbos4j.internal.sysdb.SystemDatabase;
import org.dbos4j.internal.sysdb.WorkflowStatusDao;
import org.dbos4j.internal.time.TimeSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A handle needs nothing but the system database: built with no runtime, no registered workflow and
 * no execution in this process (as the client of another process will build it), it reads the
 * recorded outcomes of workflows another runtime ran, and waits for one that has not finished.
 */
class HandlesFromTheSystemDatabaseTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private SystemDatabase sysdb;
  private FallbackPoller poller;

  public interface Jobs {
    String succeed(String name);

    String fail(String name);

    String waitForGo();
  }

  static final class JobsImpl implements Jobs {
    @Workflow
    @Override
    public String succeed(String name) {
      return "done " + name;
    }

    @Workflow
    @Override
    public String fail(String name) {
      throw new IllegalArgumentException("no " + name);
    }

    @Workflow
    @Override
    public String waitForGo() {
      return "went " + DBOS.recv("go", Duration.ofMinutes(1));
    }
  }

  @AfterEach
  void close() {
    executor.shutdownNow();
    if (poller != null) {
      poller.close();
    }
    if (sysdb != null) {
      sysdb.close();
    }
  }

  @Test
  void aHandleBuiltOnTheSystemDatabaseAloneReadsAndAwaitsOutcomes() throws Exception {
    DBOS.configure(db.config().build());
    Jobs jobs = DBOS.register(Jobs.class, new JobsImpl());
    DBOS.launch();
    try (var id = new SetWorkflowID("ok")) {
      jobs.succeed("a");
    }
    try (var id = new SetWorkflowID("bad")) {
      assertThatThrownBy(() -> jobs.fail("b")).isInstanceOf(IllegalArgumentException.class);
    }
    try (var id = new SetWorkflowID("waiting")) {
      DBOS.startWorkflow(() -> jobs.waitForGo());
    }

    WorkflowHandles handles = handlesOnTheSystemDatabaseAlone();

    assertThat(handles.<Object>handle("ok", true).getResult()).isEqualTo("done a");
    WorkflowHandle<Object> bad = handles.handle("bad", true);
    assertThatThrownBy(bad::getResult)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no b");
    assertThat(bad.getStatus().state()).isEqualTo(WorkflowState.ERROR);
    assertThat(bad.getStatus().input()).containsExactly("b");

    var awaited = handles.<Object>handle("waiting", true).getResultAsync();
    DBOS.send("waiting", "now", "go");
    assertThat(awaited.get(20, TimeUnit.SECONDS)).isEqualTo("went now");
  }

  private WorkflowHandles handlesOnTheSystemDatabaseAlone() {
    sysdb =
        SystemDatabase.open(
            db.url(), TestPostgres.user(), TestPostgres.password(), 2, Duration.ofMinutes(1));
    TimeSource time = TimeSource.of(Clock.systemUTC());
    WorkflowStatusDao statuses = new WorkflowStatusDao(sysdb);
    WakeupSignals signals = new WakeupSignals(time);
    // What wakes a waiting handle here: the poll, as this process hears no NOTIFY.
    poller =
        new FallbackPoller(
            signals,
            List.of(new FallbackPoller.Source(WakeupKey.Kind.STATUS, statuses::finishedAmong)),
            new CancellationNotices(ids -> List.of()),
            Duration.ofMillis(100),
            time);
    poller.start();
    WorkflowOutcomes outcomes =
        new WorkflowOutcomes(
            statuses,
            new JsonCodec(new TypeAllowList(List.of(), List.of())),
            new ErrorCodec(),
            signals,
            time);
    return new WorkflowHandles(
        outcomes,
        new RunningWorkflows(),
        (name, instance) -> null,
        new OperationOutputsDao(sysdb),
        executor);
  }
}
