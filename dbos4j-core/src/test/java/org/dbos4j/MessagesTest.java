package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dbos4j.Messaging.BOUND_SECONDS;
import static org.dbos4j.Messaging.NO_TOPIC;
import static org.dbos4j.Messaging.awaitCheckpoint;
import static org.dbos4j.Messaging.awaitParked;
import static org.dbos4j.Messaging.start;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DBOS.send and DBOS.recv: where they may be called, FIFO per topic, topics kept apart, timeouts,
 * exactly-once sends and receipts, idempotency keys, and wake-ups (local, NOTIFY, fallback poll).
 */
@BothBackends
class MessagesTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);
  private MailboxImpl impl;
  private Mailbox mailbox;

  public interface Mailbox {
    /** Passes the gate, then receives once per topic (null: no topic), "null" on timeout. */
    String drain(List<String> topics, long timeoutMillis);

    /** Passes the gate, then receives with the overloads without timeout. */
    String recvDefaults();

    String sendFrom(String destination, String message, String topic);

    String idle();

    String recvInStep();

    /** recv, the gate, recv: for a crash between two receipts. */
    String twoMessages();

    /** recv() and getEvent(id, key) without timeouts, inside a workflow. */
    String defaultTimeouts(String eventWorkflowId);

    String sendInStep(String destination);
  }

  public interface MailSteps {
    String recvInside();

    String sendInside(String destination);
  }

  static final class MailStepsImpl implements MailSteps {
    @Step
    @Override
    public String recvInside() {
      return DBOS.recv("t", Duration.ofMillis(10));
    }

    @Step
    @Override
    public String sendInside(String destination) {
      DBOS.send(destination, "from a step", "t");
      return DBOS.getEvent(destination, "k", Duration.ZERO);
    }
  }

  static final class MailboxImpl implements Mailbox {
    private final MailSteps steps;
    final AtomicInteger bodies = new AtomicInteger();
    volatile Gate gate = Gate.opened();

    MailboxImpl(MailSteps steps) {
      this.steps = steps;
    }

    @Workflow
    @Override
    public String drain(List<String> topics, long timeoutMillis) {
      bodies.incrementAndGet();
      gate.pass();
      List<String> received = new ArrayList<>();
      for (String topic : topics) {
        String m = DBOS.recv(topic, Duration.ofMillis(timeoutMillis));
        received.add(String.valueOf(m));
      }
      return String.join(",", received);
    }

    @Workflow
    @Override
    public String recvDefaults() {
      bodies.incrementAndGet();
      gate.pass();
      String a = DBOS.recv();
      String b = DBOS.recv("t");
      return a + "," + b;
    }

    @Workflow
    @Override
    public String sendFrom(String destination, String message, String topic) {
      bodies.incrementAndGet();
      DBOS.send(destination, message, topic);
      return "sent";
    }

    @Workflow
    @Override
    public String idle() {
      bodies.incrementAndGet();
      return "idle";
    }

    @Workflow
    @Override
    public String recvInStep() {
      bodies.incrementAndGet();
      List<String> errors = new ArrayList<>();
      try {
        steps.recvInside();
        errors.add("no error");
      } catch (DBOSException e) {
        errors.add(e.getMessage());
      }
      try {
        DBOS.runStep(
            "inline",
            () -> {
              return DBOS.<String>recv("t", Duration.ofMillis(10));
            });
        errors.add("no error");
      } catch (DBOSException e) {
        errors.add(e.getMessage());
      }
      return String.join("|", errors);
    }

    @Workflow
    @Override
    public String twoMessages() {
      bodies.incrementAndGet();
      String a = DBOS.recv("t", Duration.ofSeconds(10));
      gate.pass();
      String b = DBOS.recv("t", Duration.ofSeconds(10));
      return a + "," + b;
    }

    @Workflow
    @Override
    public String defaultTimeouts(String eventWorkflowId) {
      bodies.incrementAndGet();
      String m = DBOS.recv();
      String e = DBOS.getEvent(eventWorkflowId, "k");
      return m + "," + e;
    }

    @Workflow
    @Override
    public String sendInStep(String destination) {
      bodies.incrementAndGet();
      return steps.sendInside(destination);
    }
  }

  private void launch(DBOSConfig config) {
    DBOS.configure(config);
    MailSteps steps = DBOS.register(MailSteps.class, new MailStepsImpl());
    impl = new MailboxImpl(steps);
    mailbox = DBOS.register(Mailbox.class, impl);
    DBOS.launch();
  }

  private void launch() {
    launch(db.config().build());
  }

  private long notifications(String destination) throws Exception {
    return tables.count(
        "SELECT count(*) FROM dbos.notifications WHERE destination_uuid = ?", destination);
  }

  // ------------------------------------------------------------------ where they may be called

  @Test
  void recvOutsideAWorkflowThrows() {
    launch();
    assertThatThrownBy(() -> DBOS.recv("t", Duration.ofMillis(10)))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("inside a workflow");
    assertThatThrownBy(() -> DBOS.recv())
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("inside a workflow");
    assertThatThrownBy(() -> DBOS.recv(null, Duration.ZERO))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("inside a workflow");
  }

  @Test
  void recvInsideAStepThrows() throws Exception {
    launch();
    String id = "in-step";
    try (var wid = new SetWorkflowID(id)) {
      String errors = mailbox.recvInStep();
      String[] parts = errors.split("\\|");
      assertThat(parts).hasSize(2);
      assertThat(parts).allSatisfy(m -> assertThat(m).contains("step").doesNotContain("no error"));
    }
    assertThat(tables.operations(id))
        .extracting(SystemTables.Operation::functionName)
        .as("no recv was recorded")
        .doesNotContain("DBOS.recv", "DBOS.sleep");
  }

  @Test
  void sendWorksFromPlainCodeAndAMessageSentBeforeTheReceiverWaitsIsReceived() throws Exception {
    launch();
    impl.gate = new Gate(1);
    WorkflowHandle<String> h = start("receiver", () -> mailbox.recvDefaults());
    impl.gate.awaitArrivals(); // the receiver exists but is not receiving yet
    DBOS.send("receiver", "hi"); // no topic
    DBOS.send("receiver", "there", "t");

    assertThat(
            tables.string(
                "SELECT message FROM dbos.notifications WHERE destination_uuid = ? AND topic = ?",
                "receiver",
                NO_TOPIC))
        .as("a String message is stored as JSON text")
        .isEqualTo("\"hi\"");
    impl.gate.open();
    assertThat(h.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("hi,there");
    assertThat(
            tables.count(
                "SELECT count(*) FROM dbos.notifications"
                    + " WHERE destination_uuid = 'receiver' AND consumed"))
        .isEqualTo(2);
  }

  // ------------------------------------------------------------------ order and topics

  @Test
  void messagesAreFifoPerTopic() throws Exception {
    launch();
    impl.gate = new Gate(1);
    WorkflowHandle<String> h =
        start("fifo", () -> mailbox.drain(Arrays.asList("a", "b", null, "a", null, "a", "b"), 300));
    impl.gate.awaitArrivals();
    DBOS.send("fifo", "a1", "a");
    DBOS.send("fifo", "x1");
    DBOS.send("fifo", "a2", "a");
    DBOS.send("fifo", "b1", "b");
    DBOS.send("fifo", "a3", "a");
    DBOS.send("fifo", "x2", null);
    impl.gate.open();

    assertThat(h.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("a1,b1,x1,a2,x2,a3,null");
  }

  @Test
  void aMessageWithoutTopicReachesOnlyRecvWithoutTopic() throws Exception {
    launch();
    impl.gate = new Gate(1);
    WorkflowHandle<String> h = start("plain", () -> mailbox.drain(Arrays.asList("t", null), 300));
    impl.gate.awaitArrivals();
    DBOS.send("plain", "untopical");
    impl.gate.open();

    assertThat(h.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("null,untopical");
  }

  @Test
  void aMessageWithTopicReachesOnlyRecvOfThatTopic() throws Exception {
    launch();
    impl.gate = new Gate(1);
    WorkflowHandle<String> h =
        start("topical", () -> mailbox.drain(Arrays.asList(null, "other", "t"), 300));
    impl.gate.awaitArrivals();
    DBOS.send("topical", "for-t", "t");
    impl.gate.open();

    assertThat(h.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("null,null,for-t");
  }

  // ------------------------------------------------------------------ timeouts and wake-ups

  @Test
  void recvReturnsNullOnTimeoutAndRecordsItsDeadline() throws Exception {
    launch();
    long before = System.currentTimeMillis();
    String result;
    try (var id = new SetWorkflowID("times-out")) {
      result = mailbox.drain(List.of("t"), 200);
    }
    long after = System.currentTimeMillis();

    assertThat(result).isEqualTo("null");
    assertThat(after - before).as("waited for the timeout").isGreaterThanOrEqualTo(200);
    List<SystemTables.Operation> ops = tables.operations("times-out");
    assertThat(ops)
        .extracting(SystemTables.Operation::functionId, SystemTables.Operation::functionName)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "DBOS.recv"),
            org.assertj.core.groups.Tuple.tuple(2, "DBOS.sleep"));
    assertThat(ops.get(0).output()).as("a timed-out recv records null").isNull();
    long deadline = Long.parseLong(ops.get(1).output());
    assertThat(deadline).isBetween(before + 200, after);
  }

  @Test
  void aRecvThatFindsAMessageTakesItAtOnceAndRecordsNoDeadline() throws Exception {
    launch();
    impl.gate = new Gate(1);
    WorkflowHandle<String> h = start("ready", () -> mailbox.drain(List.of("t"), 30_000));
    impl.gate.awaitArrivals();
    DBOS.send("ready", "waiting already", "t");
    impl.gate.open();

    assertThat(h.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("waiting already");
    // Only a recv that has to wait records its deadline (as a DBOS.sleep at the next position).
    assertThat(tables.operations("ready"))
        .extracting(SystemTables.Operation::functionId, SystemTables.Operation::functionName)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "DBOS.recv"));
  }

  @Test
  void recvWakesWhenAMessageIsSentWhileItWaits() throws Exception {
    launch();
    WorkflowHandle<String> h = start("waiter", () -> mailbox.drain(List.of("t"), 30_000));
    awaitCheckpoint(tables, "waiter", 2, "DBOS.sleep"); // it is waiting
    CompletableFuture<Void> sent =
        CompletableFuture.runAsync(() -> DBOS.send("waiter", "wake", "t"));

    assertThat(h.getResultAsync().get(5, TimeUnit.SECONDS)).isEqualTo("wake");
    sent.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aMessageSentToAParkedRecvIsReceivedInTheSendersTransaction() throws Exception {
    launch();
    WorkflowHandle<String> h = start("handed", () -> mailbox.drain(List.of("t", "t"), 30_000));
    awaitCheckpoint(tables, "handed", 2, "DBOS.sleep");
    awaitParked(1); // a sender claims only a parked recv

    DBOS.send("handed", "first", "t");

    // Once send returns, the message is consumed and its receipt recorded at the recv's position:
    // the waiter needs no transaction of its own.
    assertThat(
            tables.count(
                "SELECT count(*) FROM dbos.notifications WHERE destination_uuid = ? AND NOT"
                    + " consumed",
                "handed"))
        .isZero();
    assertThat(tables.operations("handed"))
        .filteredOn(op -> op.functionId() == 1)
        .extracting(SystemTables.Operation::functionName, SystemTables.Operation::output)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("DBOS.recv", "\"first\""));
    DBOS.send("handed", "second", "t");
    assertThat(h.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("first,second");
    assertThat(notifications("handed")).isEqualTo(2);
  }

  @Test
  void aMessageInsertedByAnotherProcessWakesTheWaiterThroughNotify() throws Exception {
    assumeTrue(
        db.backend() == Backend.POSTGRES,
        "only PostgreSQL pushes notifications; SQLite waiters are woken by the fallback poll");
    // With the fallback poll practically off, only the LISTEN connection can wake the waiter.
    launch(db.config().fallbackPollInterval(Duration.ofHours(1)).build());
    WorkflowHandle<String> h = start("notified", () -> mailbox.drain(List.of("t"), 30_000));
    awaitCheckpoint(tables, "notified", 2, "DBOS.sleep");
    awaitParked(1);
    Messaging.insertMessage(tables, "notified", "t", "\"from elsewhere\"", false);

    assertThat(h.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("from elsewhere");
  }

  @Test
  void aDroppedNotificationStillWakesTheWaiterThroughTheFallbackPoll() throws Exception {
    launch(db.config().fallbackPollInterval(Duration.ofMillis(300)).build());
    WorkflowHandle<String> h =
        start("dropped", () -> mailbox.drain(Arrays.asList((String) null), 30_000));
    awaitCheckpoint(tables, "dropped", 2, "DBOS.sleep");
    awaitParked(1);
    Messaging.insertMessage(tables, "dropped", NO_TOPIC, "\"hi\"", true); // no trigger: no NOTIFY

    assertThat(h.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("hi");
  }

  @Test
  void theFallbackPollAlsoWakesAWorkflowWhoseIdContainsTheKeySeparator() throws Exception {
    launch(db.config().fallbackPollInterval(Duration.ofMillis(300)).build());
    String id = "order::42";
    WorkflowHandle<String> h = start(id, () -> mailbox.drain(List.of("t"), 30_000));
    awaitCheckpoint(tables, id, 2, "DBOS.sleep");
    awaitParked(1);
    Messaging.insertMessage(tables, id, "t", "\"hi\"", true); // no trigger: no NOTIFY

    assertThat(h.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("hi");
  }

  @Test
  void recvTimeoutIsDurableAcrossACrash() throws Exception {
    launch();
    start("durable-timeout", () -> mailbox.drain(List.of("t"), 30_000));
    awaitCheckpoint(tables, "durable-timeout", 2, "DBOS.sleep");
    DBOS.shutdown(); // the wait is interrupted: the workflow stays PENDING
    assertThat(tables.status("durable-timeout")).isEqualTo("PENDING");

    long wakeUp = System.currentTimeMillis() + 500;
    Messaging.setRecordedWakeUp(tables, "durable-timeout", 2, wakeUp);
    launch();

    String result =
        DBOS.<String>retrieveWorkflow("durable-timeout")
            .getResultAsync()
            .get(BOUND_SECONDS, TimeUnit.SECONDS);
    assertThat(result).isEqualTo("null");
    assertThat(System.currentTimeMillis())
        .as("the recovered wait ends at the recorded deadline, not before")
        .isGreaterThanOrEqualTo(wakeUp);
    assertThat(Messaging.recordedWakeUp(tables, "durable-timeout", 2)).isEqualTo(wakeUp);
  }

  @Test
  void recvAndGetEventWithoutTimeoutWaitUpToTheDefaultTimeout() throws Exception {
    launch();
    long before = System.currentTimeMillis();
    WorkflowHandle<String> h = start("defaults", () -> mailbox.defaultTimeouts("defaults"));
    awaitCheckpoint(tables, "defaults", 2, "DBOS.sleep");
    assertThat(Messaging.recordedWakeUp(tables, "defaults", 2))
        .as("recv's deadline is now + DBOS.DEFAULT_TIMEOUT")
        .isBetween(
            before + DBOS.DEFAULT_TIMEOUT.toMillis(),
            System.currentTimeMillis() + DBOS.DEFAULT_TIMEOUT.toMillis());
    assertThat(DBOS.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(60));
    DBOS.send("defaults", "m");

    awaitCheckpoint(tables, "defaults", 4, "DBOS.sleep"); // getEvent waits for its own event
    long beforeEvent = System.currentTimeMillis() - 100;
    assertThat(Messaging.recordedWakeUp(tables, "defaults", 4))
        .isBetween(beforeEvent, System.currentTimeMillis() + DBOS.DEFAULT_TIMEOUT.toMillis())
        .isGreaterThan(Messaging.recordedWakeUp(tables, "defaults", 2));
    // The workflow is still waiting for its own event, which nobody will set: leave it PENDING.
    assertThat(h.getStatus().state()).isEqualTo(WorkflowState.PENDING);
    assertThat(tables.operations("defaults"))
        .extracting(SystemTables.Operation::functionId, SystemTables.Operation::functionName)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "DBOS.recv"),
            org.assertj.core.groups.Tuple.tuple(2, "DBOS.sleep"),
            org.assertj.core.groups.Tuple.tuple(4, "DBOS.sleep"));
  }

  @Test
  void sendAndGetEventWorkInsideAStep() throws Exception {
    launch();
    impl.gate = new Gate(1);
    WorkflowHandle<String> receiver = start("receiver", () -> mailbox.drain(List.of("t"), 5_000));
    impl.gate.awaitArrivals();
    try (var id = new SetWorkflowID("stepper")) {
      assertThat(mailbox.sendInStep("receiver")).as("its getEvent found no event").isNull();
    }
    impl.gate.open();
    assertThat(receiver.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("from a step");
    assertThat(tables.operations("stepper"))
        .extracting(SystemTables.Operation::functionName)
        .as("the step's checkpoint covers its send")
        .containsExactly("MailStepsImpl.sendInside");
  }

  @Test
  void plainlyInvalidArgumentsAreRejectedAtTheCall() {
    launch();
    assertThatThrownBy(() -> DBOS.send(null, "x")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> DBOS.send(" ", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DBOS.sendAsync(null, "x", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> DBOS.send("d", "x", "t", " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DBOS.getEvent("w", null, Duration.ZERO))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> DBOS.getEvent("w", "k", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> DBOS.getEvent("w", "k", Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DBOS.getEventAsync("", "k", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------------ send

  @Test
  void sendToAWorkflowThatDoesNotExistThrows() {
    launch();
    assertThatThrownBy(() -> DBOS.send("nobody", "x"))
        .isInstanceOf(DBOSNonExistentWorkflowException.class);
    assertThatThrownBy(() -> DBOS.send("nobody", "x", "t"))
        .isInstanceOf(DBOSNonExistentWorkflowException.class);
    assertThatThrownBy(() -> DBOS.send("nobody", "x", "t", "key"))
        .isInstanceOf(DBOSNonExistentWorkflowException.class);
    assertThatThrownBy(() -> mailbox.sendFrom("nobody", "x", null))
        .as("sent from a workflow")
        .isInstanceOf(DBOSNonExistentWorkflowException.class);
  }

  @Test
  void sendFromAWorkflowIsCheckpointedAndHappensExactlyOnce() throws Exception {
    launch();
    try (var id = new SetWorkflowID("sink")) {
      mailbox.idle();
    }
    try (var id = new SetWorkflowID("sender")) {
      assertThat(mailbox.sendFrom("sink", "once", "t")).isEqualTo("sent");
    }
    assertThat(notifications("sink")).isEqualTo(1);
    assertThat(tables.operations("sender"))
        .extracting(SystemTables.Operation::functionId, SystemTables.Operation::functionName)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "DBOS.send"));

    try (var id = new SetWorkflowID("sender")) {
      assertThat(mailbox.sendFrom("sink", "once", "t")).isEqualTo("sent");
    }
    assertThat(impl.bodies).as("sink and sender ran once each").hasValue(2);
    assertThat(notifications("sink")).isEqualTo(1);

    // Replayed by recovery, the body runs again but the send is not repeated.
    DBOS.shutdown();
    Messaging.makePending(tables, "sender");
    launch();
    assertThat(
            DBOS.<String>retrieveWorkflow("sender")
                .getResultAsync()
                .get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("sent");
    assertThat(impl.bodies).as("the replay ran the body").hasValue(1);
    assertThat(notifications("sink")).isEqualTo(1);
    assertThat(tables.operations("sender")).hasSize(1);
  }

  @Test
  void sendWithAnIdempotencyKeyDeliversOncePerKeyAndDestination() throws Exception {
    launch();
    try (var id = new SetWorkflowID("other")) {
      mailbox.idle();
    }
    impl.gate = new Gate(1);
    WorkflowHandle<String> h =
        start("keyed", () -> mailbox.drain(Arrays.asList("t", "t", "t"), 300));
    impl.gate.awaitArrivals();
    DBOS.send("keyed", "first", "t", "k1");
    DBOS.send("keyed", "first", "t", "k1");
    DBOS.send("keyed", "changed", "t", "k1"); // same key, same destination: nothing more
    DBOS.send("other", "first", "t", "k1"); // same key, other destination: delivered
    DBOS.send("keyed", "second", "t", "k2");
    assertThat(notifications("keyed")).isEqualTo(2);
    assertThat(notifications("other")).isEqualTo(1);
    impl.gate.open();

    assertThat(h.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("first,second,null");
    DBOS.send("keyed", "first", "t", "k1"); // after it was received: still not again
    assertThat(notifications("keyed")).isEqualTo(2);
  }

  @Test
  void idempotencyKeysOfDifferentKeyAndDestinationPairsNeverCollide() throws Exception {
    launch();
    for (String id : List.of("a::b", "b")) {
      try (var wid = new SetWorkflowID(id)) {
        mailbox.idle();
      }
    }
    DBOS.send("a::b", "to a::b", "t", "k");
    DBOS.send("b", "to b", "t", "k::a");

    assertThat(notifications("a::b")).isEqualTo(1);
    assertThat(notifications("b")).as("another key and destination: delivered").isEqualTo(1);
  }

  @Test
  void aMessageReceivedBeforeACrashIsNotReceivedAgain() throws Exception {
    launch();
    impl.gate = new Gate(1);
    start("two", () -> mailbox.twoMessages());
    DBOS.send("two", "m1", "t");
    impl.gate.awaitArrivals(); // m1 is received and recorded
    DBOS.shutdown();
    assertThat(tables.status("two")).isEqualTo("PENDING");
    Messaging.insertMessage(tables, "two", "t", "\"m2\"", false); // while DBOS is down

    launch();
    assertThat(
            DBOS.<String>retrieveWorkflow("two")
                .getResultAsync()
                .get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("m1,m2");
    assertThat(
            tables.count(
                "SELECT count(*) FROM dbos.notifications WHERE destination_uuid = 'two' AND consumed"))
        .isEqualTo(2);
    assertThat(tables.operations("two"))
        .filteredOn(op -> op.functionName().equals("DBOS.recv"))
        .extracting(SystemTables.Operation::output)
        .containsExactly("\"m1\"", "\"m2\"");
  }

  @Test
  void sendAndGetEventWorkInAProcessThatRegisteredNothing() throws Exception {
    launch();
    try (var id = new SetWorkflowID("target")) {
      mailbox.idle();
    }
    DBOS.shutdown();
    DBOS.configure(db.config().build());
    DBOS.launch();

    DBOS.send("target", "late", "t");
    assertThat(notifications("target")).isEqualTo(1);
    assertThat(DBOS.<String>getEvent("target", "never", Duration.ofMillis(100))).isNull();
  }
}
