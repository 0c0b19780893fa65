package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.dbos4j.internal.lifecycle.Lifecycle;
import org.dbos4j.internal.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A workflow a {@link DBOSClient} enqueues with a delay is DELAYED until then, on the client's
 * clock, and the launched process runs it once it is due.
 */
@BothBackends
class DBOSClientDelayTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  private final SystemTables tables = new SystemTables(db);
  private final ManualClock clock = new ManualClock(T0);

  public interface Echo {
    String echo(String value);
  }

  static final class EchoImpl implements Echo {
    @Workflow
    @Override
    public String echo(String value) {
      return value;
    }
  }

  private void advanceAndAwaitDispatch(Duration d) throws Exception {
    clock.advance(d);
    long now = clock.millis();
    Conditions.awaitTrue(
        "the dispatcher acted on " + Instant.ofEpochMilli(now),
        () -> Lifecycle.INSTANCE.queueDispatchedAt() >= now);
  }

  @Test
  void aDelayedEnqueueRunsOnceItIsDue() throws Exception {
    DBOS.configure(db.config().clock(clock).build());
    DBOS.register(Echo.class, new EchoImpl());
    DBOS.registerQueue(Queue.builder("later").build());
    DBOS.launch();
    try (DBOSClient client =
        DBOSClient.builder()
            .systemDatabaseUrl(db.url())
            .user(TestPostgres.user())
            .password(TestPostgres.password())
            .clock(clock)
            .build()) {
      WorkflowHandle<String> handle =
          client.enqueue(
              EnqueueOptions.builder("EchoImpl.echo", "later")
                  .workflowId("delayed")
                  .delay(Duration.ofSeconds(30))
                  .build(),
              "due");

      assertThat(handle.getStatus().state()).isEqualTo(WorkflowState.DELAYED);
      assertThat(
              tables.string(
                  "SELECT CAST(delay_until_epoch_ms AS TEXT) FROM dbos.workflow_status"
                      + " WHERE workflow_uuid = 'delayed'"))
          .isEqualTo(String.valueOf(T0.plusSeconds(30).toEpochMilli()));
      advanceAndAwaitDispatch(Duration.ofSeconds(29));
      assertThat(handle.getStatus().state()).isEqualTo(WorkflowState.DELAYED);

      advanceAndAwaitDispatch(Duration.ofSeconds(1));
      assertThat(DBOS.<String>retrieveWorkflow("delayed").getResult()).isEqualTo("due");
      assertThat(handle.getStatus().state()).isEqualTo(WorkflowState.SUCCESS);
    }
  }

  /*
   * The launched process's clock stands still, so its dispatcher's periodic look never comes: on
   * PostgreSQL the client's INSERT alone (its NOTIFY) starts the workflow; SQLite has no NOTIFY,
   * and the look after the clock moves finds it.
   */
  @Test
  void aClientEnqueueWakesTheDispatcherOfTheLaunchedProcess() throws Exception {
    DBOS.configure(db.config().clock(clock).build());
    DBOS.register(Echo.class, new EchoImpl());
    DBOS.registerQueue(Queue.builder("now").build());
    DBOS.launch();
    try (DBOSClient client =
        DBOSClient.builder()
            .systemDatabaseUrl(db.url())
            .user(TestPostgres.user())
            .password(TestPostgres.password())
            .clock(clock)
            .build()) {
      client.enqueue(
          EnqueueOptions.builder("EchoImpl.echo", "now").workflowId("woken").build(), "x");
      if (db.backend() == Backend.SQLITE) {
        advanceAndAwaitDispatch(Duration.ofSeconds(20));
      }
      assertThat(DBOS.<String>retrieveWorkflow("woken").getResult()).isEqualTo("x");
    }
  }
}
