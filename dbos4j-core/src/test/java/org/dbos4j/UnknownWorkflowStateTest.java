package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dbos4j.Messaging.BOUND_SECONDS;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.internal.time.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A row whose status this version does not know (written by a newer dbos4j, DBOS's tools or an
 * operator) is reported clearly and never crashes a reader with {@code IllegalArgumentException}
 * from {@code WorkflowState.valueOf}; a start under its ID does not run it, and waits for it.
 */
@BothBackends
class UnknownWorkflowStateTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final String UNKNOWN = "PAUSED_BY_A_NEWER_VERSION";

  private final SystemTables tables = new SystemTables(db);
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private Work work;
  private WorkImpl impl;

  public interface Work {
    String run(String input);
  }

  static final class WorkImpl implements Work {
    final AtomicInteger runs = new AtomicInteger();

    @Workflow
    @Override
    public String run(String input) {
      runs.incrementAndGet();
      return "ran " + input;
    }
  }

  @BeforeEach
  void launch() {
    DBOS.configure(db.config().clock(clock).build());
    impl = new WorkImpl();
    work = DBOS.register(Work.class, impl);
    DBOS.launch();
  }

  private WorkflowHandle<String> startAs(String id) {
    return DBOS.startWorkflow(
        () -> work.run("x"), StartWorkflowOptions.builder().workflowId(id).build());
  }

  @Test
  void getStatusNamesTheUnknownState() throws Exception {
    assertThat(startAs("odd").getResult()).isEqualTo("ran x");
    Messaging.setStatus(tables, "odd", UNKNOWN, false);

    WorkflowHandle<String> h = DBOS.retrieveWorkflow("odd");

    assertThatThrownBy(h::getStatus)
        .isExactlyInstanceOf(DBOSException.class)
        .hasMessageContaining("odd")
        .hasMessageContaining(UNKNOWN)
        .hasMessageContaining("does not know");
  }

  @Test
  void aStartUnderItsIdRunsNothingAndWaitsForTheRowToFinish() throws Exception {
    assertThat(startAs("later").getResult()).isEqualTo("ran x");
    Messaging.setStatus(tables, "later", UNKNOWN, false);

    WorkflowHandle<String> started = startAs("later");
    CompletableFuture<String> result = started.getResultAsync();
    CompletableFuture<String> retrieved = DBOS.<String>retrieveWorkflow("later").getResultAsync();

    assertThat(impl.runs).as("not run again").hasValue(1);
    assertThat(result).isNotDone();
    assertThat(retrieved).isNotDone();
    Messaging.setStatus(tables, "later", "SUCCESS", false);
    clock.advance(DBOSConfig.DEFAULT_FALLBACK_POLL_INTERVAL); // on SQLite, the poll sees it
    assertThat(result.get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("ran x");
    assertThat(retrieved.get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("ran x");
    assertThat(impl.runs).hasValue(1);
  }
}
