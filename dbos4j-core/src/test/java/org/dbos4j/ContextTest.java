package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dbos4j.internal.context.DBOSContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/** The per-thread context: workflow IDs, context managers, logger MDC and configuration. */
@BothBackends
class ContextTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final String MDC_KEY = "dbos.workflow_id";

  public interface Ids {
    String stepId();

    String stepMdc();
  }

  static final class IdsImpl implements Ids {
    @Step
    @Override
    public String stepId() {
      return String.valueOf(DBOS.workflowId());
    }

    @Step
    @Override
    public String stepMdc() {
      return String.valueOf(MDC.get(MDC_KEY));
    }
  }

  public interface Flows {
    String id();

    String idsInside();

    String mdc();

    String nestedMdc();
  }

  static final class FlowsImpl implements Flows {
    private final Ids ids;
    Flows self;
    final List<String> seen = new CopyOnWriteArrayList<>();

    FlowsImpl(Ids ids) {
      this.ids = ids;
    }

    @Workflow
    @Override
    public String id() {
      return DBOS.workflowId();
    }

    @Workflow
    @Override
    public String idsInside() {
      String inline = DBOS.runStep("inline", () -> String.valueOf(DBOS.workflowId()));
      return DBOS.workflowId() + "|" + ids.stepId() + "|" + inline;
    }

    @Workflow
    @Override
    public String mdc() {
      DBOS.logger().info("logging inside workflow {}", DBOS.workflowId());
      return MDC.get(MDC_KEY) + "|" + ids.stepMdc();
    }

    @Workflow
    @Override
    public String nestedMdc() {
      seen.add("before child: " + MDC.get(MDC_KEY));
      String child;
      try (var id = new SetWorkflowID("mdc-child")) {
        child = self.mdc();
      }
      seen.add("after child: " + MDC.get(MDC_KEY));
      return child;
    }
  }

  private FlowsImpl impl;

  private Flows launch() {
    DBOS.configure(db.config().build());
    impl = new FlowsImpl(DBOS.register(Ids.class, new IdsImpl()));
    Flows flows = DBOS.register(Flows.class, impl);
    impl.self = flows;
    DBOS.launch();
    return flows;
  }

  @Test
  void setWorkflowIdNamesOnlyTheFirstWorkflowOfItsBlock() {
    Flows flows = launch();
    String first;
    String second;
    try (var id = new SetWorkflowID("only-the-first")) {
      first = flows.id();
      second = flows.id();
    }
    assertThat(first).isEqualTo("only-the-first");
    assertThat(second).isNotEqualTo("only-the-first").isNotBlank();
    assertThat(flows.id()).isNotIn("only-the-first", second);
  }

  @Test
  void setWorkflowIdBlocksNestAndLeavingOneRestoresTheOuterState() {
    Flows flows = launch();
    try (var outer = new SetWorkflowID("outer")) {
      try (var inner = new SetWorkflowID("inner")) {
        assertThat(flows.id()).isEqualTo("inner");
      }
      assertThat(flows.id()).isEqualTo("outer");
      try (var unused = new SetWorkflowID("unused")) {
        // leaving a block whose ID was never used restores the outer one, already used: none
      }
      assertThat(flows.id()).isNotIn("outer", "unused", "inner");
    }
    try (var outer = new SetWorkflowID("outer-2")) {
      try (var unused = new SetWorkflowID("unused-2")) {
        // not used
      }
      assertThat(flows.id()).isEqualTo("outer-2");
    }
    assertThat(DBOSContext.current()).as("blocks remove the context they created").isNull();
  }

  @Test
  void dbosContextEnsureCreatesAContextOnlyForItsBlock() {
    Flows flows = launch();
    assertThat(DBOSContext.current()).isNull();
    try (var ensure = new DBOSContextEnsure()) {
      DBOSContext created = DBOSContext.current();
      assertThat(created).isNotNull();
      try (var nested = new DBOSContextEnsure()) {
        assertThat(DBOSContext.current()).isSameAs(created);
      }
      assertThat(DBOSContext.current())
          .as("the nested block keeps the outer context")
          .isSameAs(created);
      try (var id = new SetWorkflowID("ensured")) {
        assertThat(flows.id()).isEqualTo("ensured");
      }
      assertThat(DBOSContext.current()).isSameAs(created);
      assertThat(DBOS.workflowId()).isNull();
    }
    assertThat(DBOSContext.current()).isNull();
  }

  @Test
  void workflowIdIsSetInsideWorkflowsAndTheirStepsAndNullOutside() {
    Flows flows = launch();
    assertThat(DBOS.workflowId()).isNull();
    try (var id = new SetWorkflowID("wf-id")) {
      assertThat(flows.idsInside()).isEqualTo("wf-id|wf-id|wf-id");
    }
    assertThat(DBOS.workflowId()).isNull();
    WorkflowHandle<String> started =
        DBOS.startWorkflow(
            flows::idsInside, StartWorkflowOptions.builder().workflowId("started-id").build());
    assertThat(started.getResult()).isEqualTo("started-id|started-id|started-id");
    assertThat(DBOS.runStep("outside", () -> String.valueOf(DBOS.workflowId()))).isEqualTo("null");
  }

  @Test
  void theLoggerIsAvailableAndTheWorkflowIdIsInTheMdcWhileAWorkflowRuns() throws Exception {
    assertThat(DBOS.logger()).isNotNull();
    assertMdcWorks();
    Flows flows = launch();
    MDC.remove(MDC_KEY);
    try (var id = new SetWorkflowID("mdc-direct")) {
      assertThat(flows.mdc()).isEqualTo("mdc-direct|mdc-direct");
    }
    assertThat(MDC.get(MDC_KEY)).as("cleared after the workflow").isNull();

    assertThat(
            DBOS.startWorkflow(
                    flows::mdc, StartWorkflowOptions.builder().workflowId("mdc-bg").build())
                .getResult())
        .isEqualTo("mdc-bg|mdc-bg");

    try (var id = new SetWorkflowID("mdc-parent")) {
      assertThat(flows.nestedMdc()).isEqualTo("mdc-child|mdc-child");
    }
    assertThat(impl.seen).containsExactly("before child: mdc-parent", "after child: mdc-parent");
    assertThat(MDC.get(MDC_KEY)).isNull();
  }

  /** The test logging binding must keep MDC values (see MdcLoggingProvider). */
  private static void assertMdcWorks() {
    MDC.put("dbos4j.test.probe", "kept");
    try {
      assertThat(MDC.get("dbos4j.test.probe"))
          .as(
              "an SLF4J binding with a working MDC (run with -Dslf4j.provider=%s)",
              MdcLoggingProvider.class.getName())
          .isEqualTo("kept");
    } finally {
      MDC.remove("dbos4j.test.probe");
    }
  }

  @Test
  void theMdcOfTheCallerIsRestoredAfterAWorkflow() {
    assertMdcWorks();
    Flows flows = launch();
    MDC.put(MDC_KEY, "callers-own");
    try {
      try (var id = new SetWorkflowID("mdc-restore")) {
        assertThat(flows.mdc()).isEqualTo("mdc-restore|mdc-restore");
      }
      assertThat(MDC.get(MDC_KEY)).isEqualTo("callers-own");
    } finally {
      MDC.remove(MDC_KEY);
    }
  }

  @Test
  void configReturnsTheConfiguredConfigAndItsToStringHidesThePassword() {
    assertThatThrownBy(DBOS::config)
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("not configured");
    DBOSConfig config = db.config().password("pw-Xy7#secret").executorId("exec-1").build();
    DBOS.configure(config);
    assertThat(DBOS.config()).isSameAs(config);
    DBOS.launch();
    assertThat(DBOS.config()).isSameAs(config);
    assertThat(config.appName()).isEqualTo("dbos4j-test");
    assertThat(config.systemDatabaseUrl()).isEqualTo(db.url());
    assertThat(config.user()).isEqualTo(TestPostgres.user());
    assertThat(config.appVersion()).isEqualTo("test-version");
    assertThat(config.executorId()).isEqualTo("exec-1");
    assertThat(config.adminPort()).isZero();
    assertThat(config.password()).isEqualTo("pw-Xy7#secret");
    assertThat(config.toString())
        .doesNotContain("pw-Xy7#secret")
        .contains("dbos4j-test")
        .contains(db.url());
  }
}
