package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.dbos4j.Messaging.BOUND_SECONDS;
import static org.dbos4j.Messaging.awaitCheckpoint;
import static org.dbos4j.Messaging.awaitParked;
import static org.dbos4j.Messaging.start;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DBOS.setEvent and DBOS.getEvent: where they may be called, latest values and history, waiting for
 * a first value, checkpointed reads inside workflows, durable timeouts, and wake-ups.
 */
@BothBackends
class EventsTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);
  private EventsImpl impl;
  private Events events;

  public interface Events {
    String publish(String key, String value);

    String publishTwice();

    /** Sets key to "v1", then sets it to the next message received (no topic). */
    String relay(String key);

    String read(String workflowId, String key, long timeoutMillis);

    String setInSteps();

    /** Sets "k" to the instance's {@code value}: code that changed between executions. */
    String publishConfigured();
  }

  public interface EventSteps {
    String set(String key, String value);
  }

  static final class EventStepsImpl implements EventSteps {
    @Step
    @Override
    public String set(String key, String value) {
      DBOS.setEvent(key, value);
      return "set " + key;
    }
  }

  static final class EventsImpl implements Events {
    private final EventSteps steps;
    final AtomicInteger bodies = new AtomicInteger();
    volatile String value = "v1";

    EventsImpl(EventSteps steps) {
      this.steps = steps;
    }

    @Workflow
    @Override
    public String publish(String key, String value) {
      bodies.incrementAndGet();
      DBOS.setEvent(key, value);
      return value;
    }

    @Workflow
    @Override
    public String publishTwice() {
      bodies.incrementAndGet();
      DBOS.setEvent("k", "v1");
      DBOS.setEvent("other", "o");
      DBOS.setEvent("k", "v2");
      return "done";
    }

    @Workflow
    @Override
    public String relay(String key) {
      bodies.incrementAndGet();
      DBOS.setEvent(key, "v1");
      String next = DBOS.recv(null, Duration.ofSeconds(20));
      DBOS.setEvent(key, next);
      return next;
    }

    @Workflow
    @Override
    public String read(String workflowId, String key, long timeoutMillis) {
      bodies.incrementAndGet();
      String value = DBOS.getEvent(workflowId, key, Duration.ofMillis(timeoutMillis));
      return String.valueOf(value);
    }

    @Workflow
    @Override
    public String setInSteps() {
      bodies.incrementAndGet();
      List<String> out = new ArrayList<>();
      out.add(steps.set("from-step", "s"));
      out.add(
          DBOS.runStep(
              "inline",
              () -> {
                DBOS.setEvent("from-inline", "i");
                return "inline";
              }));
      return String.join(",", out);
    }

    @Workflow
    @Override
    public String publishConfigured() {
      bodies.incrementAndGet();
      DBOS.setEvent("k", value);
      return "published";
    }
  }

  private void launch(DBOSConfig config) {
    DBOS.configure(config);
    EventSteps steps = DBOS.register(EventSteps.class, new EventStepsImpl());
    impl = new EventsImpl(steps);
    events = DBOS.register(Events.class, impl);
    DBOS.launch();
  }

  private void launch() {
    launch(db.config().build());
  }

  private List<String> history(String workflowId) throws Exception {
    try (Connection c = tables.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT function_id, key, value FROM dbos.workflow_events_history"
                    + " WHERE workflow_uuid = ? ORDER BY function_id, key")) {
      ps.setString(1, workflowId);
      List<String> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(rs.getInt(1) + ":" + rs.getString(2) + "=" + rs.getString(3));
        }
      }
      return rows;
    }
  }

  // ------------------------------------------------------------------ where they may be called

  @Test
  void setEventOutsideAWorkflowThrows() {
    launch();
    assertThatThrownBy(() -> DBOS.setEvent("k", "v"))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("inside a workflow");
    assertThat(DBOS.<String>getEvent("anyone", "k", Duration.ZERO)).isNull();
  }

  @Test
  void setEventInsideAStepWorksAndIsCoveredByTheStepsCheckpoint() throws Exception {
    launch();
    try (var id = new SetWorkflowID("stepper")) {
      assertThat(events.setInSteps()).isEqualTo("set from-step,inline");
    }
    assertThat(DBOS.<String>getEvent("stepper", "from-step", Duration.ZERO)).isEqualTo("s");
    assertThat(DBOS.<String>getEvent("stepper", "from-inline", Duration.ZERO)).isEqualTo("i");
    assertThat(tables.operations("stepper"))
        .extracting(SystemTables.Operation::functionId, SystemTables.Operation::functionName)
        .containsExactly(tuple(1, "EventStepsImpl.set"), tuple(2, "inline"));
    assertThat(history("stepper"))
        .as("each history row names the setting step")
        .containsExactly("1:from-step=\"s\"", "2:from-inline=\"i\"");
  }

  @Test
  void getEventWorksFromPlainCode() {
    launch();
    try (var id = new SetWorkflowID("pub")) {
      events.publish("k", "v");
    }
    assertThat(DBOS.<String>getEvent("pub", "k")).isEqualTo("v");
    assertThat(DBOS.<String>getEvent("pub", "k", Duration.ofSeconds(1))).isEqualTo("v");
  }

  // ------------------------------------------------------------------ values and history

  @Test
  void setEventOnAnExistingKeyUpdatesItAndKeepsAHistoryRowPerSettingStep() throws Exception {
    launch();
    try (var id = new SetWorkflowID("twice")) {
      events.publishTwice();
    }
    assertThat(DBOS.<String>getEvent("twice", "k", Duration.ZERO)).isEqualTo("v2");
    assertThat(DBOS.<String>getEvent("twice", "other", Duration.ZERO)).isEqualTo("o");
    assertThat(
            tables.count(
                "SELECT count(*) FROM dbos.workflow_events WHERE workflow_uuid = ?", "twice"))
        .as("one row per key")
        .isEqualTo(2);
    assertThat(history("twice")).containsExactly("1:k=\"v1\"", "2:other=\"o\"", "3:k=\"v2\"");
    assertThat(tables.operations("twice"))
        .extracting(SystemTables.Operation::functionId, SystemTables.Operation::functionName)
        .containsExactly(
            tuple(1, "DBOS.setEvent"), tuple(2, "DBOS.setEvent"), tuple(3, "DBOS.setEvent"));
  }

  @Test
  void getEventReturnsTheLatestValueWhileTheWorkflowUpdatesIt() throws Exception {
    launch();
    WorkflowHandle<String> relay = start("relay", () -> events.relay("k"));
    assertThat(DBOS.<String>getEvent("relay", "k", Duration.ofSeconds(BOUND_SECONDS)))
        .isEqualTo("v1");
    DBOS.send("relay", "v2");
    assertThat(relay.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("v2");
    assertThat(DBOS.<String>getEvent("relay", "k", Duration.ZERO)).isEqualTo("v2");
  }

  // ------------------------------------------------------------------ waiting

  @Test
  void getEventOfAWorkflowThatDoesNotExistWaitsThenReturnsNull() {
    launch();
    long before = System.currentTimeMillis();
    assertThat(DBOS.<String>getEvent("nobody", "k", Duration.ofMillis(200))).isNull();
    assertThat(System.currentTimeMillis() - before).isGreaterThanOrEqualTo(200);
  }

  @Test
  void getEventWaitsForAFirstValueSetLaterByAWorkflowCreatedLater() throws Exception {
    launch();
    WorkflowHandle<String> reader = start("reader", () -> events.read("later", "k", 30_000));
    CompletableFuture<String> outside =
        CompletableFuture.supplyAsync(() -> DBOS.getEvent("later", "k", Duration.ofSeconds(30)));
    awaitCheckpoint(tables, "reader", 2, "DBOS.sleep"); // the reader waits
    assertThat(outside).isNotDone();

    start("later", () -> events.publish("k", "first"));
    assertThat(reader.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("first");
    assertThat(outside.get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("first");
    assertThat(tables.operations("reader"))
        .extracting(
            SystemTables.Operation::functionId,
            SystemTables.Operation::functionName,
            SystemTables.Operation::output)
        .first()
        .isEqualTo(tuple(1, "DBOS.getEvent", "\"first\""));
    assertThat(tables.operations("reader"))
        .extracting(SystemTables.Operation::functionId, SystemTables.Operation::functionName)
        .containsExactly(tuple(1, "DBOS.getEvent"), tuple(2, "DBOS.sleep"));
  }

  @Test
  void anEventWrittenByAnotherProcessWakesTheWaiterThroughNotify() throws Exception {
    assumeTrue(
        db.backend() == Backend.POSTGRES,
        "only PostgreSQL pushes notifications; SQLite waiters are woken by the fallback poll");
    launch(db.config().fallbackPollInterval(Duration.ofHours(1)).build());
    try (var id = new SetWorkflowID("target")) {
      events.publish("unrelated", "x");
    }
    WorkflowHandle<String> reader = start("reader", () -> events.read("target", "k", 30_000));
    awaitCheckpoint(tables, "reader", 2, "DBOS.sleep");
    awaitParked(1);
    Messaging.upsertEvent(tables, "target", "k", "\"notified\"", false);

    assertThat(reader.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("notified");
  }

  @Test
  void aDroppedEventNotificationStillWakesTheWaiterThroughTheFallbackPoll() throws Exception {
    launch(db.config().fallbackPollInterval(Duration.ofMillis(300)).build());
    try (var id = new SetWorkflowID("target")) {
      events.publish("unrelated", "x");
    }
    WorkflowHandle<String> reader = start("reader", () -> events.read("target", "k", 30_000));
    awaitCheckpoint(tables, "reader", 2, "DBOS.sleep");
    awaitParked(1);
    Messaging.upsertEvent(tables, "target", "k", "\"polled\"", true); // no trigger: no NOTIFY

    assertThat(reader.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("polled");
  }

  @Test
  void getEventTimeoutIsDurableAcrossACrash() throws Exception {
    launch();
    start("reader", () -> events.read("nobody", "k", 30_000));
    awaitCheckpoint(tables, "reader", 2, "DBOS.sleep");
    DBOS.shutdown();
    assertThat(tables.status("reader")).isEqualTo("PENDING");

    long wakeUp = System.currentTimeMillis() + 500;
    Messaging.setRecordedWakeUp(tables, "reader", 2, wakeUp);
    launch();
    assertThat(
            DBOS.<String>retrieveWorkflow("reader")
                .getResultAsync()
                .get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("null");
    assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(wakeUp);
  }

  // ------------------------------------------------------------------ checkpointed reads

  @Test
  void insideAWorkflowGetEventIsCheckpointedAndReplaysTheRecordedValue() throws Exception {
    launch();
    WorkflowHandle<String> relay = start("relay", () -> events.relay("k"));
    assertThat(DBOS.<String>getEvent("relay", "k", Duration.ofSeconds(BOUND_SECONDS)))
        .isEqualTo("v1"); // set, so that the reader finds it without waiting
    try (var id = new SetWorkflowID("reader")) {
      assertThat(events.read("relay", "k", 5_000)).isEqualTo("v1");
    }
    DBOS.send("relay", "v2");
    relay.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS);
    assertThat(DBOS.<String>getEvent("relay", "k", Duration.ZERO)).isEqualTo("v2");
    assertThat(tables.operations("reader"))
        .extracting(SystemTables.Operation::functionName, SystemTables.Operation::output)
        .containsExactly(tuple("DBOS.getEvent", "\"v1\""));

    DBOS.shutdown();
    Messaging.makePending(tables, "reader");
    launch();
    assertThat(
            DBOS.<String>retrieveWorkflow("reader")
                .getResultAsync()
                .get(BOUND_SECONDS, TimeUnit.SECONDS))
        .as("the replay returns the recorded value, not the latest")
        .isEqualTo("v1");
    assertThat(impl.bodies).as("the body ran again").hasValue(1);
  }

  @Test
  void insideAWorkflowSetEventIsCheckpointedAndNotRepeatedOnReplay() throws Exception {
    launch();
    try (var id = new SetWorkflowID("publisher")) {
      events.publishConfigured();
    }
    assertThat(tables.operations("publisher"))
        .extracting(SystemTables.Operation::functionId, SystemTables.Operation::functionName)
        .containsExactly(tuple(1, "DBOS.setEvent"));
    DBOS.shutdown();
    Messaging.makePending(tables, "publisher");

    DBOS.configure(db.config().build());
    EventSteps steps = DBOS.register(EventSteps.class, new EventStepsImpl());
    impl = new EventsImpl(steps);
    impl.value = "v2"; // a re-executed setEvent would publish this
    events = DBOS.register(Events.class, impl);
    DBOS.launch();
    assertThat(
            DBOS.<String>retrieveWorkflow("publisher")
                .getResultAsync()
                .get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("published");
    assertThat(impl.bodies).hasValue(1);
    assertThat(DBOS.<String>getEvent("publisher", "k", Duration.ZERO)).isEqualTo("v1");
    assertThat(history("publisher")).containsExactly("1:k=\"v1\"");
  }

  @Test
  void aGetEventThatTimedOutReplaysNullEvenAfterTheEventIsSet() throws Exception {
    launch();
    try (var id = new SetWorkflowID("reader")) {
      assertThat(events.read("late", "k", 200)).isEqualTo("null");
    }
    try (var id = new SetWorkflowID("late")) {
      events.publish("k", "now-set");
    }
    DBOS.shutdown();
    Messaging.makePending(tables, "reader");
    launch();
    assertThat(
            DBOS.<String>retrieveWorkflow("reader")
                .getResultAsync()
                .get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("null");
    assertThat(impl.bodies).hasValue(1);
  }
}
