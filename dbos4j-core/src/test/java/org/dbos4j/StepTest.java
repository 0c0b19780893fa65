package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Steps: retries, exceptions, checkpoints in operation_outputs, and replay of recorded outcomes.
 */
@BothBackends
class StepTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);

  /** A checked exception with a (String) constructor, so that it can be rebuilt when replayed. */
  public static final class QuotaException extends Exception {
    private static final long serialVersionUID = 1L;

    public QuotaException(String message) {
      super(message);
    }
  }

  public interface Flaky {
    String twoFailuresThenOk(String input);

    String alwaysFails();

    String failsOnce() throws QuotaException;

    int answer();

    String named();

    String whoAmI();
  }

  static final class FlakyImpl implements Flaky {
    final AtomicInteger flakyCalls = new AtomicInteger();
    final AtomicInteger failingCalls = new AtomicInteger();
    final AtomicInteger quotaCalls = new AtomicInteger();
    final AtomicReference<QuotaException> thrown = new AtomicReference<>();
    final List<Long> attemptTimes = new CopyOnWriteArrayList<>();

    @Step(retries = 3, intervalMillis = 20, backoff = 2.0)
    @Override
    public String twoFailuresThenOk(String input) {
      attemptTimes.add(System.nanoTime());
      if (flakyCalls.incrementAndGet() <= 2) {
        throw new IllegalStateException("flaky failure " + flakyCalls.get());
      }
      return input + " after " + flakyCalls.get();
    }

    @Step(retries = 2, intervalMillis = 1, backoff = 1.0)
    @Override
    public String alwaysFails() {
      throw new IllegalStateException("attempt " + failingCalls.incrementAndGet());
    }

    @Step
    @Override
    public String failsOnce() throws QuotaException {
      quotaCalls.incrementAndGet();
      QuotaException e = new QuotaException("quota exceeded for step");
      thrown.set(e);
      throw e;
    }

    @Step
    @Override
    public int answer() {
      return 42;
    }

    @Step(name = "custom-name")
    @Override
    public String named() {
      return "named";
    }

    @Step
    @Override
    public String whoAmI() {
      return String.valueOf(DBOS.workflowId());
    }
  }

  public interface Flows {
    String retried(String input);

    String exhausted();

    String recordsEveryKind();

    String catchesQuota();

    String propagatesQuota() throws QuotaException;
  }

  static final class FlowsImpl implements Flows {
    private final Flaky flaky;
    private final Gate gate;
    final AtomicInteger inlineCalls = new AtomicInteger();

    FlowsImpl(Flaky flaky, Gate gate) {
      this.flaky = flaky;
      this.gate = gate;
    }

    @Workflow
    @Override
    public String retried(String input) {
      return flaky.twoFailuresThenOk(input);
    }

    @Workflow
    @Override
    public String exhausted() {
      return flaky.alwaysFails();
    }

    @Workflow
    @Override
    public String recordsEveryKind() {
      int a = flaky.answer();
      String inline =
          DBOS.runStep(
              "inline",
              () -> {
                inlineCalls.incrementAndGet();
                return "inline-" + a;
              });
      String named = flaky.named();
      DBOS.runStep("void-inline", () -> inlineCalls.incrementAndGet());
      int withOptions =
          DBOS.runStep(
              StepOptions.named("with-options").retries(1),
              () -> {
                inlineCalls.incrementAndGet();
                return 7;
              });
      DBOS.runStep(StepOptions.named("void-with-options"), () -> inlineCalls.incrementAndGet());
      return a + "/" + inline + "/" + named + "/" + withOptions;
    }

    @Workflow
    @Override
    public String propagatesQuota() throws QuotaException {
      return flaky.failsOnce();
    }

    @Workflow
    @Override
    public String catchesQuota() {
      String seen;
      try {
        flaky.failsOnce();
        seen = "no exception";
      } catch (QuotaException e) {
        seen = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      gate.pass();
      return seen;
    }
  }

  private Flows launch(FlakyImpl flaky, Gate gate) {
    DBOS.configure(db.config().build());
    Flows flows =
        DBOS.register(Flows.class, new FlowsImpl(DBOS.register(Flaky.class, flaky), gate));
    DBOS.launch();
    return flows;
  }

  @Test
  void aStepIsRetriedWithItsIntervalAndBackoffUntilItSucceeds() throws Exception {
    FlakyImpl flaky = new FlakyImpl();
    Flows flows = launch(flaky, Gate.opened());

    String result;
    try (var id = new SetWorkflowID("retried")) {
      result = flows.retried("in");
    }

    assertThat(result).isEqualTo("in after 3");
    assertThat(flaky.flakyCalls).hasValue(3);
    List<Long> t = flaky.attemptTimes;
    assertThat((t.get(1) - t.get(0)) / 1_000_000).as("first pause, ms").isGreaterThanOrEqualTo(20);
    assertThat((t.get(2) - t.get(1)) / 1_000_000).as("second pause, ms").isGreaterThanOrEqualTo(40);
    List<SystemTables.Operation> ops = tables.operations("retried");
    assertThat(ops).hasSize(1);
    assertThat(ops.get(0).functionName()).isEqualTo("FlakyImpl.twoFailuresThenOk");
    assertThat(ops.get(0).output()).contains("in after 3");
    assertThat(ops.get(0).error()).isNull();

    // Called again under the same ID, the recorded result comes back without running the step.
    try (var id = new SetWorkflowID("retried")) {
      assertThat(flows.retried("in")).isEqualTo("in after 3");
    }
    assertThat(flaky.flakyCalls).hasValue(3);
  }

  @Test
  void whenRetriesRunOutTheLastFailureIsTheCause() throws Exception {
    FlakyImpl flaky = new FlakyImpl();
    Flows flows = launch(flaky, Gate.opened());

    Throwable thrown;
    try (var id = new SetWorkflowID("exhausted")) {
      thrown = catchThrowable(flows::exhausted);
    }

    assertThat(thrown)
        .isInstanceOf(DBOSMaxStepRetriesExceededException.class)
        .hasMessageContaining("FlakyImpl.alwaysFails")
        .hasMessageContaining("3");
    assertThat(thrown.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("attempt 3");
    assertThat(flaky.failingCalls).hasValue(3);
    assertThat(tables.operations("exhausted").get(0).error())
        .contains(DBOSMaxStepRetriesExceededException.class.getName());
    assertThat(tables.status("exhausted")).isEqualTo("ERROR");

    // Called again under the same ID, the recorded failure comes back, cause included.
    try (var id = new SetWorkflowID("exhausted")) {
      thrown = catchThrowable(flows::exhausted);
    }
    assertThat(thrown).isInstanceOf(DBOSMaxStepRetriesExceededException.class);
    assertThat(thrown.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("attempt 3");
    assertThat(flaky.failingCalls).hasValue(3);
  }

  @Test
  void withoutRetriesTheStepsOwnExceptionPropagatesUnchangedAndIsRecorded() throws Exception {
    FlakyImpl flaky = new FlakyImpl();
    Flows flows = launch(flaky, Gate.opened());

    Throwable thrown;
    try (var id = new SetWorkflowID("propagates")) {
      thrown = catchThrowable(flows::propagatesQuota);
    }
    assertThat(thrown).as("the very exception object, unwrapped").isSameAs(flaky.thrown.get());
    assertThat(flaky.quotaCalls).hasValue(1);
    SystemTables.Operation op = tables.operations("propagates").get(0);
    assertThat(op.output()).isNull();
    assertThat(op.error()).contains(QuotaException.class.getName()).contains("quota exceeded");
    assertThat(tables.status("propagates")).isEqualTo("ERROR");

    // Replayed from the record: same class and message, and the step does not run again.
    try (var id = new SetWorkflowID("propagates")) {
      thrown = catchThrowable(flows::propagatesQuota);
    }
    assertThat(thrown)
        .isExactlyInstanceOf(QuotaException.class)
        .hasMessage("quota exceeded for step");
    assertThat(flaky.quotaCalls).hasValue(1);
  }

  @Test
  void aRecordedStepExceptionIsRethrownOnReplayWithoutRunningTheStep() throws Exception {
    FlakyImpl flaky = new FlakyImpl();
    Gate gate = new Gate(1);
    Flows flows = launch(flaky, gate);
    DBOS.startWorkflow(
        flows::catchesQuota, StartWorkflowOptions.builder().workflowId("quota").build());
    gate.awaitArrivals();
    assertThat(flaky.quotaCalls).hasValue(1);
    List<SystemTables.Operation> ops = tables.operations("quota");
    assertThat(ops).hasSize(1);
    assertThat(ops.get(0).functionName()).isEqualTo("FlakyImpl.failsOnce");
    assertThat(ops.get(0).output()).isNull();
    assertThat(ops.get(0).error())
        .contains(QuotaException.class.getName())
        .contains("quota exceeded for step");
    DBOS.shutdown(); // leaves the workflow PENDING

    FlakyImpl recovered = new FlakyImpl();
    launch(recovered, Gate.opened());

    assertThat(DBOS.<String>retrieveWorkflow("quota").getResult())
        .isEqualTo("QuotaException: quota exceeded for step");
    assertThat(recovered.quotaCalls).as("the step did not run again").hasValue(0);
  }

  @Test
  void stepOutputsAreRecordedInCallOrderUnderTheirNames() throws Exception {
    FlakyImpl flaky = new FlakyImpl();
    DBOS.configure(db.config().build());
    FlowsImpl impl = new FlowsImpl(DBOS.register(Flaky.class, flaky), Gate.opened());
    Flows flows = DBOS.register(Flows.class, impl);
    DBOS.launch();

    try (var id = new SetWorkflowID("kinds")) {
      assertThat(flows.recordsEveryKind()).isEqualTo("42/inline-42/named/7");
    }

    List<SystemTables.Operation> ops = tables.operations("kinds");
    assertThat(ops)
        .extracting(SystemTables.Operation::functionId)
        .containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(ops)
        .extracting(SystemTables.Operation::functionName)
        .containsExactly(
            "FlakyImpl.answer",
            "inline",
            "custom-name",
            "void-inline",
            "with-options",
            "void-with-options");
    assertThat(ops.get(0).output()).isEqualTo("42");
    assertThat(ops.get(1).output()).contains("inline-42");
    assertThat(ops.get(2).output()).contains("named");
    assertThat(ops).allSatisfy(op -> assertThat(op.error()).isNull());
    assertThat(impl.inlineCalls).hasValue(4);
  }

  @Test
  void stepsOutsideAWorkflowJustRunAndRecordNothing() throws Exception {
    FlakyImpl flaky = new FlakyImpl();
    DBOS.configure(db.config().build());
    Flaky steps = DBOS.register(Flaky.class, flaky);
    DBOS.launch();

    assertThat(steps.answer()).isEqualTo(42);
    assertThat(steps.whoAmI()).isEqualTo("null");
    assertThat(steps.twoFailuresThenOk("out")).isEqualTo("out after 3");
    assertThatThrownBy(steps::failsOnce).isSameAs(flaky.thrown.get());
    assertThat(flaky.quotaCalls).hasValue(1);
    AtomicInteger inline = new AtomicInteger();
    assertThat(DBOS.runStep("outside", inline::incrementAndGet)).isEqualTo(1);
    DBOS.runStep("outside-void", () -> inline.incrementAndGet());
    assertThat(
            DBOS.runStep(
                StepOptions.named("outside-retried").retries(2).interval(Duration.ZERO),
                () -> {
                  if (inline.incrementAndGet() < 5) {
                    throw new IllegalStateException("not yet");
                  }
                  return "ok";
                }))
        .isEqualTo("ok");

    assertThat(inline).hasValue(5);
    assertThat(flaky.flakyCalls).hasValue(3);
    assertThat(tables.workflowRows()).isZero();
    assertThat(tables.operationRows()).isZero();
  }

  @Test
  void runStepRejectsABlankName() {
    assertThatThrownBy(() -> DBOS.runStep(" ", () -> 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StepOptions.named("")).isInstanceOf(IllegalArgumentException.class);
  }
}
