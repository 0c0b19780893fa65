package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenTelemetry spans of workflows, steps and transactions, checked with the SDK's in-memory
 * exporter: names, parents, attributes, errors, and a recovered workflow continuing its trace.
 */
@BothBackends
class TracingTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final AttributeKey<String> WORKFLOW_ID =
      AttributeKey.stringKey("dbos.workflow.id");
  private static final AttributeKey<String> WORKFLOW_NAME =
      AttributeKey.stringKey("dbos.workflow.name");
  private static final AttributeKey<Long> STEP_ID = AttributeKey.longKey("dbos.step.id");
  private static final AttributeKey<String> STEP_NAME = AttributeKey.stringKey("dbos.step.name");
  private static final AttributeKey<String> EXECUTOR_ID =
      AttributeKey.stringKey("dbos.executor.id");
  private static final AttributeKey<String> APP_VERSION =
      AttributeKey.stringKey("dbos.app.version");
  private static final AttributeKey<String> CUSTOM = AttributeKey.stringKey("custom");

  private InMemorySpanExporter exporter;
  private OpenTelemetrySdk sdk;
  private SystemTables tables;

  @BeforeEach
  void sdk() {
    exporter = InMemorySpanExporter.create();
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build();
    tables = new SystemTables(db);
  }

  @AfterEach
  void closeSdk() {
    sdk.close();
  }

  public interface Steps {
    String annotate(String value);

    String fail();

    void passGate();
  }

  static final class StepsImpl implements Steps {
    final Gate gate;

    StepsImpl(Gate gate) {
      this.gate = gate;
    }

    @Step
    @Override
    public String annotate(String value) {
      DBOS.span().setAttribute(CUSTOM, value);
      return DBOS.span().getSpanContext().getSpanId();
    }

    @Step
    @Override
    public String fail() {
      throw new IllegalStateException("step failed on purpose");
    }

    @Step
    @Override
    public void passGate() {
      gate.pass();
    }
  }

  public interface Ledger {
    String write();
  }

  static final class LedgerImpl implements Ledger {
    @Transaction(name = "ledger.write")
    @Override
    public String write() {
      return DBOS.span().getSpanContext().getSpanId();
    }
  }

  public interface Flows {
    String parent();

    String child();

    String failing();

    String gated();

    boolean spanIsValid();
  }

  static final class FlowsImpl implements Flows {
    final Steps steps;
    final Ledger ledger;
    Flows self;

    FlowsImpl(Steps steps, Ledger ledger) {
      this.steps = steps;
      this.ledger = ledger;
    }

    @Workflow(name = "parent")
    @Override
    public String parent() {
      String stepSpan = steps.annotate("from-step");
      String txnSpan = ledger.write();
      String child = DBOS.startWorkflow(() -> self.child()).getResult();
      return stepSpan + "," + txnSpan + "," + child;
    }

    @Workflow(name = "child")
    @Override
    public String child() {
      return DBOS.span().getSpanContext().getSpanId();
    }

    @Workflow(name = "failing")
    @Override
    public String failing() {
      return steps.fail();
    }

    @Workflow(name = "gated")
    @Override
    public String gated() {
      steps.passGate();
      return DBOS.span().getSpanContext().getTraceId();
    }

    @Workflow(name = "spanIsValid")
    @Override
    public boolean spanIsValid() {
      return DBOS.span().getSpanContext().isValid();
    }
  }

  private Flows launch(DBOSConfig.Builder config, Gate gate) {
    DBOS.configure(config.databaseUrl(db.applicationUrl()).build());
    FlowsImpl impl =
        new FlowsImpl(
            DBOS.register(Steps.class, new StepsImpl(gate)),
            DBOS.register(Ledger.class, new LedgerImpl()));
    Flows flows = DBOS.register(Flows.class, impl);
    impl.self = flows;
    DBOS.launch();
    return flows;
  }

  private Flows launchTraced(Gate gate) {
    return launch(db.config().openTelemetry(sdk).appVersion("v-trace").executorId("exec-1"), gate);
  }

  private SpanData span(String name) {
    List<SpanData> named =
        exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as("spans named " + name).hasSize(1);
    return named.get(0);
  }

  @Test
  void workflowsStepsAndTransactionsRunInSpansOfTheirWorkflow() throws Exception {
    Flows flows = launchTraced(Gate.opened());
    Tracer tracer = sdk.getTracer("test");
    Span request = tracer.spanBuilder("http request").startSpan();
    String result;
    try (Scope s = request.makeCurrent();
        var id = new SetWorkflowID("traced")) {
      result = flows.parent();
    } finally {
      request.end();
    }

    SpanData workflow = span("parent");
    assertThat(workflow.getParentSpanId())
        .as("a workflow started inside an active span is its child")
        .isEqualTo(request.getSpanContext().getSpanId());
    assertThat(workflow.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
    assertThat(workflow.getAttributes().get(WORKFLOW_ID)).isEqualTo("traced");
    assertThat(workflow.getAttributes().get(WORKFLOW_NAME)).isEqualTo("parent");
    assertThat(workflow.getAttributes().get(EXECUTOR_ID)).isEqualTo("exec-1");
    assertThat(workflow.getAttributes().get(APP_VERSION)).isEqualTo("v-trace");

    SpanData step = span("StepsImpl.annotate");
    assertThat(step.getParentSpanId()).isEqualTo(workflow.getSpanId());
    assertThat(step.getAttributes().get(STEP_ID)).isEqualTo(1L);
    assertThat(step.getAttributes().get(STEP_NAME)).isEqualTo("StepsImpl.annotate");
    assertThat(step.getAttributes().get(WORKFLOW_ID)).isEqualTo("traced");
    assertThat(step.getAttributes().get(CUSTOM))
        .as("set through DBOS.span()")
        .isEqualTo("from-step");

    SpanData txn = span("ledger.write");
    assertThat(txn.getParentSpanId()).isEqualTo(workflow.getSpanId());
    assertThat(txn.getAttributes().get(STEP_ID)).isEqualTo(2L);
    assertThat(txn.getAttributes().get(STEP_NAME)).isEqualTo("ledger.write");

    SpanData child = span("child");
    assertThat(child.getParentSpanId())
        .as("a workflow started by a workflow is its child")
        .isEqualTo(workflow.getSpanId());
    assertThat(child.getTraceId()).isEqualTo(workflow.getTraceId());
    assertThat(result)
        .as("DBOS.span() is the span of the step, transaction and workflow running")
        .isEqualTo(step.getSpanId() + "," + txn.getSpanId() + "," + child.getSpanId());
    assertThat(
            tables.string(
                "SELECT trace_context FROM dbos.workflow_status WHERE workflow_uuid = ?", "traced"))
        .isEqualTo(
            "00-"
                + workflow.getTraceId()
                + "-"
                + workflow.getSpanId()
                + "-"
                + workflow.getSpanContext().getTraceFlags().asHex());
  }

  @Test
  void failuresAreRecordedOnTheSpans() throws Exception {
    Flows flows = launchTraced(Gate.opened());
    assertThatThrownBy(flows::failing).hasMessage("step failed on purpose");
    for (String name : List.of("StepsImpl.fail", "failing")) {
      SpanData failed = span(name);
      assertThat(failed.getStatus().getStatusCode()).as(name).isEqualTo(StatusCode.ERROR);
      assertThat(failed.getEvents())
          .as(name + " records the exception")
          .anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
    }
    assertThat(span("StepsImpl.fail").getParentSpanId()).isEqualTo(span("failing").getSpanId());
  }

  @Test
  void aRecoveredWorkflowContinuesTheTraceOfItsFirstExecution() throws Exception {
    Gate gate = new Gate(1);
    Flows flows = launchTraced(gate);
    Span request = sdk.getTracer("test").spanBuilder("http request").startSpan();
    try (Scope s = request.makeCurrent()) {
      DBOS.startWorkflow(
          flows::gated, StartWorkflowOptions.builder().workflowId("resumed").build());
    } finally {
      request.end();
    }
    gate.awaitArrivals();
    DBOS.shutdown();
    SpanData first = span("gated");
    exporter.reset();

    launchTraced(Gate.opened());
    String traceId = DBOS.<String>retrieveWorkflow("resumed").getResult();
    SpanData recovered = span("gated");
    assertThat(recovered.getTraceId())
        .isEqualTo(first.getTraceId())
        .isEqualTo(request.getSpanContext().getTraceId())
        .isEqualTo(traceId);
    assertThat(recovered.getParentSpanId())
        .as("the recovered execution is a child of the first one's span")
        .isEqualTo(first.getSpanId());
    assertThat(span("StepsImpl.passGate").getParentSpanId()).isEqualTo(recovered.getSpanId());
  }

  @Test
  void withTracingOffSpansAreNeverNullAndNothingIsRecorded() throws Exception {
    Flows flows = launch(db.config(), Gate.opened());
    assertThat(DBOS.span()).isNotNull();
    try (var id = new SetWorkflowID("untraced")) {
      assertThat(flows.spanIsValid()).isFalse();
      assertThat(flows.child()).isEqualTo(Span.getInvalid().getSpanContext().getSpanId());
    }
    assertThat(
            tables.string(
                "SELECT trace_context FROM dbos.workflow_status WHERE workflow_uuid = ?",
                "untraced"))
        .isNull();
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void theGlobalOpenTelemetryIsUsedOnceTheApplicationSetsIt() throws Exception {
    Flows flows = launch(db.config(), Gate.opened());
    assertThat(flows.spanIsValid()).as("no global instance yet").isFalse();
    GlobalOpenTelemetry.set(sdk);
    try {
      assertThat(flows.spanIsValid()).isTrue();
      assertThat(span("spanIsValid").getAttributes().get(WORKFLOW_NAME)).isEqualTo("spanIsValid");
    } finally {
      GlobalOpenTelemetry.resetForTest();
    }
  }
}
