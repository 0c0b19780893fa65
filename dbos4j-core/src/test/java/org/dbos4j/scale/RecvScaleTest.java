package org.dbos4j.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dbos4j.Conditions;
import org.dbos4j.DBOS;
import org.dbos4j.StartWorkflowOptions;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.TestPostgres;
import org.dbos4j.Workflow;
import org.dbos4j.WorkflowHandle;
import org.dbos4j.internal.lifecycle.Lifecycle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 10,000 workflows wait in {@code recv} at once in one JVM, then are all woken by sends and finish,
 * while the process's platform threads and database connections stay bounded: waiting holds neither
 * (virtual threads park on in-memory signals).
 */
@Tag("java21")
@EnabledForJreRange(min = JRE.JAVA_21)
class RecvScaleTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final int WORKFLOWS = 10_000;
  private static final int POOL_SIZE = 10;
  private static final int MAX_PLATFORM_THREADS = 200;

  public interface Waiters {
    String waitForMessage();
  }

  static final class WaitersImpl implements Waiters {
    @Workflow
    @Override
    public String waitForMessage() {
      String message = DBOS.recv("wake", Duration.ofMinutes(5));
      return DBOS.workflowId() + ":" + message;
    }
  }

  @Test
  void tenThousandWaitingWorkflowsHoldNoThreadsOrConnections() throws Exception {
    DBOS.configure(db.config().systemDatabasePoolSize(POOL_SIZE).build());
    Waiters waiters = DBOS.register(Waiters.class, new WaitersImpl());
    DBOS.launch();

    List<WorkflowHandle<String>> handles = new ArrayList<>();
    ExecutorService starters = Executors.newFixedThreadPool(8);
    try {
      List<Future<WorkflowHandle<String>>> started = new ArrayList<>();
      for (int i = 0; i < WORKFLOWS; i++) {
        StartWorkflowOptions options = StartWorkflowOptions.builder().workflowId("w-" + i).build();
        started.add(starters.submit(() -> DBOS.startWorkflow(waiters::waitForMessage, options)));
      }
      for (Future<WorkflowHandle<String>> f : started) {
        handles.add(f.get(5, TimeUnit.MINUTES));
      }

      awaitAllParked();
      int platformThreads = ManagementFactory.getThreadMXBean().getThreadCount();
      long connections =
          count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()");
      assertThat(platformThreads).isLessThan(MAX_PLATFORM_THREADS);
      // The pool, the LISTEN connection and this test's own connection.
      assertThat(connections).isLessThanOrEqualTo(POOL_SIZE + 2);
      assertThat(count("SELECT count(*) FROM dbos.workflow_status WHERE status = 'PENDING'"))
          .isEqualTo(WORKFLOWS);

      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < WORKFLOWS; i++) {
        String id = "w-" + i;
        sent.add(starters.submit(() -> DBOS.send(id, "go", "wake")));
      }
      for (Future<?> f : sent) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      starters.shutdown();
    }
    for (int i = 0; i < WORKFLOWS; i++) {
      assertThat(handles.get(i).getResult()).isEqualTo("w-" + i + ":go");
    }
    assertThat(ManagementFactory.getThreadMXBean().getThreadCount())
        .isLessThan(MAX_PLATFORM_THREADS);
  }

  private static void awaitAllParked() throws Exception {
    Conditions.awaitTrue(
        "all workflows wait",
        Duration.ofMinutes(5),
        () -> Lifecycle.INSTANCE.parkedWaiters() >= WORKFLOWS);
  }

  private long count(String sql) throws Exception {
    try (Connection c =
            DriverManager.getConnection(db.url(), TestPostgres.user(), TestPostgres.password());
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
