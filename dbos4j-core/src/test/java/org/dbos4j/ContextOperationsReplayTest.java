package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.dbos4j.Messaging.BOUND_SECONDS;
import static org.dbos4j.Messaging.start;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A workflow that receives, reads an event and sleeps, replayed after the world changed: the replay
 * returns what the first execution got (a recv that timed out returns null again), consumes no
 * further message and keeps the recorded positions.
 */
@BothBackends
class ContextOperationsReplayTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);
  private FlowsImpl impl;
  private Flows flows;

  public interface Flows {
    /** Sets "k" to "v1", then to the next message received (no topic). */
    String relay();

    /** The gate, then recv (found), recv (times out), getEvent, sleep. */
    String observe(String publisherId);
  }

  static final class FlowsImpl implements Flows {
    final AtomicInteger bodies = new AtomicInteger();
    volatile Gate gate = Gate.opened();

    @Workflow
    @Override
    public String relay() {
      DBOS.setEvent("k", "v1");
      String next = DBOS.recv(null, Duration.ofSeconds(20));
      DBOS.setEvent("k", next);
      return next;
    }

    @Workflow
    @Override
    public String observe(String publisherId) {
      bodies.incrementAndGet();
      gate.pass();
      String first = DBOS.recv("t", Duration.ofSeconds(5));
      String second = DBOS.recv("t", Duration.ofMillis(200));
      String event = DBOS.getEvent(publisherId, "k", Duration.ofSeconds(5));
      DBOS.sleep(Duration.ofMillis(100));
      return first + "|" + second + "|" + event;
    }
  }

  private void launch() {
    DBOS.configure(db.config().build());
    impl = new FlowsImpl();
    flows = DBOS.register(Flows.class, impl);
    DBOS.launch();
  }

  private long messages(String destination, boolean consumed) throws Exception {
    return tables.count(
        "SELECT count(*) FROM dbos.notifications WHERE destination_uuid = ? AND consumed = ?",
        destination,
        consumed);
  }

  @Test
  void aReplayReturnsTheRecordedRecvGetEventAndSleepResults() throws Exception {
    launch();
    WorkflowHandle<String> relay = start("relay", () -> flows.relay());
    assertThat(DBOS.<String>getEvent("relay", "k", Duration.ofSeconds(BOUND_SECONDS)))
        .isEqualTo("v1");
    impl.gate = new Gate(1);
    WorkflowHandle<String> observer = start("observer", () -> flows.observe("relay"));
    impl.gate.awaitArrivals();
    DBOS.send("observer", "hello", "t");
    impl.gate.open();
    assertThat(observer.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("hello|null|v1");

    List<SystemTables.Operation> recorded = tables.operations("observer");
    assertThat(recorded)
        .extracting(SystemTables.Operation::functionId, SystemTables.Operation::functionName)
        .as("recv and getEvent take two positions each: the operation, then its deadline")
        .containsExactly(
            tuple(1, "DBOS.recv"), // found at once: no deadline at 2
            tuple(3, "DBOS.recv"),
            tuple(4, "DBOS.sleep"), // its deadline
            tuple(5, "DBOS.getEvent"), // found at once: no deadline at 6
            tuple(7, "DBOS.sleep"));
    assertThat(recorded.get(0).output()).isEqualTo("\"hello\"");
    assertThat(recorded.get(1).output()).isNull();
    assertThat(recorded.get(3).output()).isEqualTo("\"v1\"");

    // The world changes: more messages, and a new value of the event.
    DBOS.send("observer", "late 1", "t");
    DBOS.send("observer", "late 2", "t");
    DBOS.send("relay", "v2");
    assertThat(relay.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("v2");
    assertThat(DBOS.<String>getEvent("relay", "k", Duration.ZERO)).isEqualTo("v2");

    DBOS.shutdown();
    Messaging.makePending(tables, "observer");
    launch();
    long started = System.nanoTime();
    assertThat(
            DBOS.<String>retrieveWorkflow("observer")
                .getResultAsync()
                .get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("hello|null|v1");
    assertThat(impl.bodies).as("the body was replayed").hasValue(1);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
        .as("the recorded sleep is in the past, the recorded recvs do not wait")
        .isLessThan(5_000);
    assertThat(tables.operations("observer")).isEqualTo(recorded);
    assertThat(messages("observer", true)).as("only 'hello' was consumed").isEqualTo(1);
    assertThat(messages("observer", false)).isEqualTo(2);
  }

  @Test
  void callingAFinishedWorkflowAgainReturnsItsResultWithoutReceivingAgain() throws Exception {
    launch();
    WorkflowHandle<String> relay = start("relay", () -> flows.relay());
    DBOS.send("relay", "only");
    assertThat(relay.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("only");
    DBOS.send("relay", "another");

    WorkflowHandle<String> again = start("relay", () -> flows.relay());
    assertThat(again.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("only");
    assertThat(messages("relay", false)).as("'another' is still waiting").isEqualTo(1);
    assertThat(DBOS.<String>getEvent("relay", "k", Duration.ZERO)).isEqualTo("only");
  }
}
