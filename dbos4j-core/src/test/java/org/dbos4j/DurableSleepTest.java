package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.dbos4j.Messaging.BOUND_SECONDS;
import static org.dbos4j.Messaging.awaitCheckpoint;
import static org.dbos4j.Messaging.start;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** DBOS.sleep: only in a workflow, durable wake-up times, and replays that keep them. */
@BothBackends
class DurableSleepTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);
  private SleeperImpl impl;
  private Sleeper sleeper;

  public interface Sleeper {
    /** Sleeps for {@code millis} ms, then runs the step "after". */
    String sleepFor(long millis);

    /** Sleeps for the instance's {@code sleepMillis}: code that changed between executions. */
    String sleepConfigured();

    String zeroAndNegative();

    String sleepInSteps();
  }

  public interface SleepSteps {
    String sleepInside();
  }

  static final class SleepStepsImpl implements SleepSteps {
    @Step
    @Override
    public String sleepInside() {
      DBOS.sleep(Duration.ZERO);
      return "slept";
    }
  }

  static final class SleeperImpl implements Sleeper {
    private final SleepSteps steps;
    final AtomicInteger bodies = new AtomicInteger();
    final AtomicInteger afterRuns = new AtomicInteger();
    volatile long sleepMillis;

    SleeperImpl(SleepSteps steps) {
      this.steps = steps;
    }

    private String after() {
      return DBOS.runStep(
          "after",
          () -> {
            afterRuns.incrementAndGet();
            return "awake";
          });
    }

    @Workflow
    @Override
    public String sleepFor(long millis) {
      bodies.incrementAndGet();
      DBOS.sleep(Duration.ofMillis(millis));
      return after();
    }

    @Workflow
    @Override
    public String sleepConfigured() {
      bodies.incrementAndGet();
      DBOS.sleep(Duration.ofMillis(sleepMillis));
      return after();
    }

    @Workflow
    @Override
    public String zeroAndNegative() {
      bodies.incrementAndGet();
      DBOS.sleep(Duration.ZERO);
      DBOS.sleep(Duration.ofMillis(-1));
      DBOS.sleep(Duration.ofDays(-365));
      return after();
    }

    @Workflow
    @Override
    public String sleepInSteps() {
      bodies.incrementAndGet();
      List<String> errors = new ArrayList<>();
      try {
        errors.add(steps.sleepInside());
      } catch (DBOSException e) {
        errors.add(e.getMessage());
      }
      try {
        DBOS.runStep("inline", () -> DBOS.sleep(Duration.ofMillis(10)));
        errors.add("slept");
      } catch (DBOSException e) {
        errors.add(e.getMessage());
      }
      return String.join("|", errors);
    }
  }

  private void launch() {
    launch(0);
  }

  /** Launches with {@code sleepMillis} set before recovery can replay anything. */
  private void launch(long sleepMillis) {
    DBOS.configure(db.config().build());
    SleepSteps steps = DBOS.register(SleepSteps.class, new SleepStepsImpl());
    impl = new SleeperImpl(steps);
    impl.sleepMillis = sleepMillis;
    sleeper = DBOS.register(Sleeper.class, impl);
    DBOS.launch();
  }

  @Test
  void sleepOutsideAWorkflowThrowsEvenForZero() {
    launch();
    for (Duration d : List.of(Duration.ZERO, Duration.ofMillis(-5), Duration.ofMillis(10))) {
      assertThatThrownBy(() -> DBOS.sleep(d))
          .as("sleep(%s)", d)
          .isInstanceOf(DBOSException.class)
          .hasMessageContaining("inside a workflow");
    }
  }

  @Test
  void sleepInsideAStepThrows() throws Exception {
    launch();
    String errors;
    try (var id = new SetWorkflowID("in-step")) {
      errors = sleeper.sleepInSteps();
    }
    String[] parts = errors.split("\\|");
    assertThat(parts).hasSize(2);
    assertThat(parts).allSatisfy(m -> assertThat(m).contains("step").isNotEqualTo("slept"));
    assertThat(tables.operations("in-step"))
        .extracting(SystemTables.Operation::functionName)
        .doesNotContain("DBOS.sleep");
  }

  @Test
  void sleepRecordsItsWakeUpTimeBeforeSleeping() throws Exception {
    launch();
    long before = System.currentTimeMillis();
    String result;
    try (var id = new SetWorkflowID("sleeper")) {
      result = sleeper.sleepFor(300);
    }
    long after = System.currentTimeMillis();

    assertThat(result).isEqualTo("awake");
    List<SystemTables.Operation> ops = tables.operations("sleeper");
    assertThat(ops)
        .extracting(SystemTables.Operation::functionId, SystemTables.Operation::functionName)
        .containsExactly(tuple(1, "DBOS.sleep"), tuple(2, "after"));
    long wakeUp = Long.parseLong(ops.get(0).output());
    assertThat(wakeUp).as("now + duration, in epoch ms").isBetween(before + 300, after);
    assertThat(after).as("slept until the wake-up time").isGreaterThanOrEqualTo(wakeUp);
  }

  @Test
  void zeroAndNegativeDurationsReturnAtOnce() throws Exception {
    launch();
    long start = System.nanoTime();
    try (var id = new SetWorkflowID("no-sleep")) {
      assertThat(sleeper.zeroAndNegative()).isEqualTo("awake");
    }
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    assertThat(tables.operations("no-sleep"))
        .extracting(SystemTables.Operation::functionName)
        .contains("after");
  }

  @Test
  void aReplayWithARecordedWakeUpTimeInThePastReturnsAtOnce() throws Exception {
    launch(200);
    try (var id = new SetWorkflowID("replayed")) {
      assertThat(sleeper.sleepConfigured()).isEqualTo("awake");
    }
    long recorded = Messaging.recordedWakeUp(tables, "replayed", 1);
    DBOS.shutdown();
    Messaging.makePending(tables, "replayed");

    launch(60_000); // a fresh sleep would outlast the bound below
    assertThat(
            DBOS.<String>retrieveWorkflow("replayed")
                .getResultAsync()
                .get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("awake");
    assertThat(impl.bodies).as("the body was replayed").hasValue(1);
    assertThat(impl.afterRuns).as("the step after the sleep is replayed, not run").hasValue(0);
    assertThat(Messaging.recordedWakeUp(tables, "replayed", 1)).isEqualTo(recorded);
  }

  @Test
  void aSleepInterruptedByACrashWakesAtTheRecordedTime() throws Exception {
    launch();
    start("crashed", () -> sleeper.sleepFor(30_000));
    awaitCheckpoint(tables, "crashed", 1, "DBOS.sleep");
    DBOS.shutdown();
    assertThat(tables.status("crashed")).isEqualTo("PENDING");

    long wakeUp = System.currentTimeMillis() + 500;
    Messaging.setRecordedWakeUp(tables, "crashed", 1, wakeUp);
    launch();
    assertThat(
            DBOS.<String>retrieveWorkflow("crashed")
                .getResultAsync()
                .get(BOUND_SECONDS, TimeUnit.SECONDS))
        .isEqualTo("awake");
    assertThat(System.currentTimeMillis())
        .as("slept until the recorded wake-up time, not a fresh 30 s and not less")
        .isGreaterThanOrEqualTo(wakeUp);
  }
}
