package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dbos4j.Conditions.awaitTrue;
import static org.dbos4j.Messaging.BOUND_SECONDS;
import static org.dbos4j.Messaging.start;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.internal.lifecycle.Lifecycle;
import org.dbos4j.internal.time.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every wait goes through the configured time source and the execution's cancel token: under a
 * manual clock an hour of durable sleep or of retry pause ends when the test moves the clock, and
 * cancelling an execution wakes its parked {@code recv}, {@code sleep}, {@code getEvent} or child
 * {@code getResult()} at once. The clock never moves by itself here, so nothing ends by timing out.
 */
class TestClockAndCancelTokenTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final Duration HOUR = Duration.ofHours(1);

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private Waits waits;
  private FlakyImpl flaky;

  public interface Flaky {
    String failOnce();
  }

  static final class FlakyImpl implements Flaky {
    final AtomicInteger attempts = new AtomicInteger();

    @Step(retries = 1, intervalMillis = 3_600_000)
    @Override
    public String failOnce() {
      if (attempts.incrementAndGet() == 1) {
        throw new IllegalStateException("first attempt fails");
      }
      return "attempt " + attempts.get();
    }
  }

  public interface Waits {
    String sleepAnHour();

    String retryAfterAnHour();

    String recvForAnHour();

    String getEventForAnHour();

    String waitForChild();
  }

  static final class WaitsImpl implements Waits {
    private final Flaky flaky;
    private Waits self;

    WaitsImpl(Flaky flaky) {
      this.flaky = flaky;
    }

    @Workflow
    @Override
    public String sleepAnHour() {
      DBOS.sleep(HOUR);
      return "slept";
    }

    @Workflow
    @Override
    public String retryAfterAnHour() {
      return flaky.failOnce();
    }

    @Workflow
    @Override
    public String recvForAnHour() {
      return "received " + DBOS.recv("topic", HOUR);
    }

    @Workflow
    @Override
    public String getEventForAnHour() {
      return "got " + DBOS.getEvent("nobody-sets-this", "key", HOUR);
    }

    @Workflow
    @Override
    public String waitForChild() {
      WorkflowHandle<String> child = DBOS.startWorkflow(() -> self.recvForAnHour());
      return "child said " + child.getResult();
    }
  }

  @BeforeEach
  void launch() {
    DBOS.configure(db.config().clock(clock).build());
    flaky = new FlakyImpl();
    Flaky flakyProxy = DBOS.register(Flaky.class, flaky);
    WaitsImpl impl = new WaitsImpl(flakyProxy);
    waits = DBOS.register(Waits.class, impl);
    impl.self = waits;
    DBOS.launch();
  }

  @Test
  void anHourOfDurableSleepEndsWhenTheClockMovesAnHour() throws Exception {
    WorkflowHandle<String> h = start("sleeper", () -> waits.sleepAnHour());
    awaitParked(1);
    clock.advance(HOUR.minusMillis(1));
    awaitParked(1); // still asleep, one millisecond short
    assertThat(h.getStatus().state()).isEqualTo(WorkflowState.PENDING);
    clock.advance(Duration.ofMillis(1));
    assertThat(result(h)).isEqualTo("slept");
  }

  @Test
  void aRetryIntervalOfAnHourEndsWhenTheClockMovesAnHour() throws Exception {
    WorkflowHandle<String> h = start("retrier", () -> waits.retryAfterAnHour());
    awaitParked(1);
    assertThat(flaky.attempts).hasValue(1);
    clock.advance(HOUR);
    assertThat(result(h)).isEqualTo("attempt 2");
  }

  @Test
  void cancellingWakesAParkedRecv() throws Exception {
    assertCancelWakes(start("receiver", () -> waits.recvForAnHour()), 1);
  }

  @Test
  void cancellingWakesAParkedSleep() throws Exception {
    assertCancelWakes(start("sleeper", () -> waits.sleepAnHour()), 1);
  }

  @Test
  void cancellingWakesAParkedGetEvent() throws Exception {
    assertCancelWakes(start("reader", () -> waits.getEventForAnHour()), 1);
  }

  @Test
  void cancellingWakesAParkedRetryPause() throws Exception {
    assertCancelWakes(start("retrier", () -> waits.retryAfterAnHour()), 1);
  }

  @Test
  void cancellingWakesAParentWaitingForItsChildsResult() throws Exception {
    WorkflowHandle<String> parent = start("parent", () -> waits.waitForChild());
    // The child parks in recv, the parent in its getResult.
    assertCancelWakes(parent, 2);
    WorkflowHandle<String> child = DBOS.retrieveWorkflow("parent-1");
    assertThat(child.getStatus().state()).isEqualTo(WorkflowState.PENDING);
    DBOS.send("parent-1", "still here", "topic");
    assertThat(result(child)).isEqualTo("received still here");
  }

  /**
   * Waits until {@code parked} threads wait on the clock, cancels the execution, and checks its
   * wait ended with {@link DBOSWorkflowCancelledException} while the clock stood still.
   */
  private void assertCancelWakes(WorkflowHandle<String> h, int parked) throws Exception {
    awaitParked(parked);
    assertThat(Lifecycle.INSTANCE.cancelExecution(h.workflowId())).isTrue();
    assertThatThrownBy(() -> result(h))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(DBOSWorkflowCancelledException.class)
        .hasMessageContaining(h.workflowId());
    assertThat(clock.millis()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    // A cancelled execution records no outcome: its canceller records the state.
    assertThat(h.getStatus().state()).isEqualTo(WorkflowState.PENDING);
  }

  /** Waits until {@code waits} waits of workflows, and the fallback poll, park on the clock. */
  private void awaitParked(int waits) throws Exception {
    awaitTrue(
        waits + " wait(s) and the fallback poll park on the clock",
        () -> clock.parkedThreads() == waits + 1);
  }

  private static String result(WorkflowHandle<String> h) throws Exception {
    return h.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS);
  }
}
