package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.dbos4j.Messaging.BOUND_SECONDS;
import static org.dbos4j.Messaging.start;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The *Async forms: they complete, follow the where-rules of their plain forms (misuse throws at
 * the call, failures come through the future), and reserve their step positions when called, so
 * that a workflow that runs several at once replays deterministically.
 */
@BothBackends
class AsyncOperationsTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);
  private AsyncFlowsImpl impl;
  private AsyncFlows flows;

  public interface AsyncFlows {
    String publish(String key, String value);

    String recvAsyncOnce(String topic, long timeoutMillis);

    /** Starts one of each async operation, then a step, then joins them. */
    String mix(String peerId);

    String inSteps();

    /** The gate, then two concurrent recvAsync on one topic. */
    String twoReceivers();
  }

  static final class AsyncFlowsImpl implements AsyncFlows {
    final AtomicInteger bodies = new AtomicInteger();
    final AtomicInteger afterRuns = new AtomicInteger();
    volatile Gate gate = Gate.opened();

    @Workflow
    @Override
    public String publish(String key, String value) {
      bodies.incrementAndGet();
      DBOS.setEventAsync(key, value).join();
      return value;
    }

    @Workflow
    @Override
    public String recvAsyncOnce(String topic, long timeoutMillis) {
      bodies.incrementAndGet();
      CompletableFuture<String> f = DBOS.recvAsync(topic, Duration.ofMillis(timeoutMillis));
      return String.valueOf(f.join());
    }

    @Workflow
    @Override
    public String mix(String peerId) {
      bodies.incrementAndGet();
      CompletableFuture<Void> sent = DBOS.sendAsync(peerId, "to-peer", "t");
      CompletableFuture<String> received = DBOS.recvAsync("none", Duration.ofMillis(300));
      CompletableFuture<Void> set = DBOS.setEventAsync("mine", "x");
      CompletableFuture<String> got = DBOS.getEventAsync(peerId, "pk", Duration.ofSeconds(5));
      CompletableFuture<Void> slept = DBOS.sleepAsync(Duration.ofMillis(200));
      String step =
          DBOS.runStep(
              "after",
              () -> {
                afterRuns.incrementAndGet();
                return "step";
              });
      CompletableFuture.allOf(sent, received, set, got, slept).join();
      return received.join() + "|" + got.join() + "|" + step;
    }

    @Workflow
    @Override
    public String inSteps() {
      bodies.incrementAndGet();
      List<String> out = new ArrayList<>();
      out.add(
          DBOS.runStep(
              "recvAsync",
              () -> {
                try {
                  DBOS.recvAsync("t", Duration.ofMillis(10));
                  return "no error";
                } catch (DBOSException e) {
                  return "threw: " + e.getMessage();
                }
              }));
      out.add(
          DBOS.runStep(
              "sleepAsync",
              () -> {
                try {
                  DBOS.sleepAsync(Duration.ZERO);
                  return "no error";
                } catch (DBOSException e) {
                  return "threw: " + e.getMessage();
                }
              }));
      out.add(
          DBOS.runStep(
              "setEventAsync",
              () -> {
                DBOS.setEventAsync("from-step", "s").join();
                return "set";
              }));
      return String.join("|", out);
    }

    @Workflow
    @Override
    public String twoReceivers() {
      bodies.incrementAndGet();
      gate.pass();
      CompletableFuture<String> a = DBOS.recvAsync("t", Duration.ofMillis(500));
      CompletableFuture<String> b = DBOS.recvAsync("t", Duration.ofMillis(500));
      return a.join() + "," + b.join();
    }
  }

  private void launch() {
    DBOS.configure(db.config().build());
    impl = new AsyncFlowsImpl();
    flows = DBOS.register(AsyncFlows.class, impl);
    DBOS.launch();
  }

  @Test
  void asyncFormsCompleteOutsideAWorkflow() throws Exception {
    launch();
    WorkflowHandle<String> receiver = start("receiver", () -> flows.recvAsyncOnce("t", 10_000));
    CompletableFuture<Void> sent = DBOS.sendAsync("receiver", "async hello", "t");
    assertThat(sent.get(BOUND_SECONDS, TimeUnit.SECONDS)).isNull();
    assertThat(receiver.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("async hello");

    try (var id = new SetWorkflowID("pub")) {
      flows.publish("k", "v");
    }
    CompletableFuture<String> got = DBOS.getEventAsync("pub", "k", Duration.ofSeconds(5));
    assertThat(got.get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("v");
    CompletableFuture<String> none = DBOS.getEventAsync("nobody", "k", Duration.ofMillis(200));
    assertThat(none.get(BOUND_SECONDS, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void aFailureWhileRunningComesThroughTheFuture() {
    launch();
    CompletableFuture<Void> sent = DBOS.sendAsync("nobody", "x", null);
    assertThatThrownBy(() -> sent.get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(DBOSNonExistentWorkflowException.class);
  }

  @Test
  void misuseOutsideAWorkflowThrowsAtTheCall() {
    launch();
    assertThatThrownBy(() -> DBOS.recvAsync("t", Duration.ofMillis(10)))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("inside a workflow");
    assertThatThrownBy(() -> DBOS.sleepAsync(Duration.ZERO))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("inside a workflow");
    assertThatThrownBy(() -> DBOS.sleepAsync(Duration.ofMillis(10)))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("inside a workflow");
    assertThatThrownBy(() -> DBOS.setEventAsync("k", "v"))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("inside a workflow");
  }

  @Test
  void insideAStepRecvAsyncAndSleepAsyncThrowAtTheCallAndSetEventAsyncWorks() throws Exception {
    launch();
    String result;
    try (var id = new SetWorkflowID("stepper")) {
      result = flows.inSteps();
    }
    String[] parts = result.split("\\|");
    assertThat(parts).hasSize(3);
    assertThat(parts[0]).startsWith("threw: ").contains("step");
    assertThat(parts[1]).startsWith("threw: ").contains("step");
    assertThat(parts[2]).isEqualTo("set");
    assertThat(DBOS.<String>getEvent("stepper", "from-step", Duration.ZERO)).isEqualTo("s");
    assertThat(tables.operations("stepper"))
        .extracting(SystemTables.Operation::functionName)
        .containsExactly("recvAsync", "sleepAsync", "setEventAsync");
  }

  @Test
  void aMessageIsDeliveredAtMostOnceToConcurrentReceivers() throws Exception {
    launch();
    impl.gate = new Gate(1);
    WorkflowHandle<String> h = start("two", () -> flows.twoReceivers());
    impl.gate.awaitArrivals();
    DBOS.send("two", "only one", "t");
    impl.gate.open();

    assertThat(h.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS).split(","))
        .containsExactlyInAnyOrder("only one", "null");
    assertThat(tables.operations("two"))
        .filteredOn(op -> op.functionName().equals("DBOS.recv"))
        .extracting(SystemTables.Operation::functionId)
        .as("positions reserved at the calls: 1 and 3")
        .containsExactly(1, 3);
  }

  @Test
  void severalAsyncOperationsTakeTheirPositionsWhenCalledAndReplayDeterministically()
      throws Exception {
    launch();
    try (var id = new SetWorkflowID("peer")) {
      flows.publish("pk", "pv");
    }
    String first;
    try (var id = new SetWorkflowID("mixer")) {
      first = flows.mix("peer");
    }
    assertThat(first).isEqualTo("null|pv|step");
    List<SystemTables.Operation> recorded = tables.operations("mixer");
    assertThat(recorded)
        .extracting(
            SystemTables.Operation::functionId,
            SystemTables.Operation::functionName,
            SystemTables.Operation::output)
        .as("positions follow the order of the calls, not of completion")
        .containsExactly(
            tuple(1, "DBOS.send", null),
            tuple(2, "DBOS.recv", null),
            tuple(3, "DBOS.sleep", recorded.get(2).output()),
            tuple(4, "DBOS.setEvent", null),
            tuple(5, "DBOS.getEvent", "\"pv\""),
            tuple(7, "DBOS.sleep", recorded.get(5).output()),
            tuple(8, "after", "\"step\""));
    assertThat(DBOS.<String>getEvent("mixer", "mine", Duration.ZERO)).isEqualTo("x");

    // Things change: the timed-out recv would now find a message, the event has a new value.
    DBOS.send("mixer", "now there is one", "none");
    Messaging.upsertEvent(tables, "peer", "pk", "\"pv2\"", false);
    DBOS.shutdown();
    Messaging.makePending(tables, "mixer");

    launch();
    assertThat(
            DBOS.<String>retrieveWorkflow("mixer")
                .getResultAsync()
                .get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo(first);
    assertThat(impl.bodies).as("the body was replayed").hasValue(1);
    assertThat(impl.afterRuns).as("the recorded step is not run again").hasValue(0);
    assertThat(tables.operations("mixer")).isEqualTo(recorded);
    assertThat(
            tables.count("SELECT count(*) FROM dbos.notifications WHERE destination_uuid = 'peer'"))
        .as("the send is not repeated")
        .isEqualTo(1);
    assertThat(
            tables.count(
                "SELECT count(*) FROM dbos.notifications"
                    + " WHERE destination_uuid = 'mixer' AND NOT consumed"))
        .as("the replayed recv consumed nothing")
        .isEqualTo(1);
  }
}
