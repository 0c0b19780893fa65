package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DBOS.deleteWorkflow (API 5.3, 5.8 Delete): the row and everything recorded for the workflow go,
 * its children only when asked (recursively); an unknown ID is no error; a deleted ID can be used
 * again. Also: management calls before launch and after shutdown throw DBOSException.
 */
@BothBackends
class DeleteWorkflowTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);

  public interface Children {
    String child(String s);

    String grandparentOf(String s);
  }

  public static final class ChildrenImpl implements Children {
    Children self;

    @Workflow
    @Override
    public String child(String s) {
      DBOS.setEvent("child-event", s);
      return DBOS.runStep("child-step", () -> "child(" + s + ")");
    }

    @Workflow
    @Override
    public String grandparentOf(String s) {
      return self.child(s);
    }
  }

  public interface Flows {
    String parent(String s);
  }

  public static final class FlowsImpl implements Flows {
    final AtomicInteger runs = new AtomicInteger();
    private final Children children;

    FlowsImpl(Children children) {
      this.children = children;
    }

    @Workflow
    @Override
    public String parent(String s) {
      runs.incrementAndGet();
      String id = DBOS.workflowId();
      DBOS.send(id, "to myself", "t");
      String message = DBOS.recv("t", Duration.ofSeconds(30));
      DBOS.setEvent("parent-event", message);
      return children.grandparentOf(s);
    }
  }

  private FlowsImpl impl;
  private Flows flows;

  @BeforeEach
  void launch() {
    DBOS.configure(db.config().build());
    ChildrenImpl childrenImpl = new ChildrenImpl();
    Children children = DBOS.register(Children.class, childrenImpl);
    childrenImpl.self = children;
    impl = new FlowsImpl(children);
    flows = DBOS.register(Flows.class, impl);
    DBOS.launch();
  }

  private void runParent() {
    try (var id = new SetWorkflowID("parent")) {
      assertThat(flows.parent("x")).isEqualTo("child(x)");
    }
  }

  /** Rows of {@code workflowId} in every table that holds rows of workflows. */
  private long rowsOf(String workflowId) throws Exception {
    return tables.count(
            "SELECT count(*) FROM dbos.workflow_status WHERE workflow_uuid = ?", workflowId)
        + tables.count(
            "SELECT count(*) FROM dbos.operation_outputs WHERE workflow_uuid = ?", workflowId)
        + tables.count(
            "SELECT count(*) FROM dbos.notifications WHERE destination_uuid = ?", workflowId)
        + tables.count(
            "SELECT count(*) FROM dbos.workflow_events WHERE workflow_uuid = ?", workflowId)
        + tables.count(
            "SELECT count(*) FROM dbos.workflow_events_history WHERE workflow_uuid = ?",
            workflowId);
  }

  @Test
  void deletesTheWorkflowAndEverythingRecordedForItButNotItsChildren() throws Exception {
    runParent();
    assertThat(rowsOf("parent")).isGreaterThanOrEqualTo(6);
    long childRows = rowsOf("parent-5");
    assertThat(childRows).isPositive();

    DBOS.deleteWorkflow("parent");

    assertThat(rowsOf("parent")).isZero();
    assertThat(rowsOf("parent-5")).isEqualTo(childRows);
    assertThat(DBOS.listWorkflows(ListWorkflowsInput.builder().build()))
        .extracting(WorkflowStatus::workflowId)
        .containsExactlyInAnyOrder("parent-5", "parent-5-1");
    assertThatThrownBy(() -> DBOS.listWorkflowSteps("parent"))
        .isInstanceOf(DBOSNonExistentWorkflowException.class);
  }

  @Test
  void deletesTheChildrenRecursivelyWhenAsked() throws Exception {
    runParent();

    DBOS.deleteWorkflow("parent", true);

    assertThat(tables.workflowRows()).isZero();
    assertThat(tables.operationRows()).isZero();
    assertThat(rowsOf("parent") + rowsOf("parent-5") + rowsOf("parent-5-1")).isZero();
  }

  @Test
  void deletingAnUnknownWorkflowDoesNothing() throws Exception {
    runParent();
    long before = tables.workflowRows();

    DBOS.deleteWorkflow("nobody");
    DBOS.deleteWorkflow("nobody", true);

    assertThat(tables.workflowRows()).isEqualTo(before);
  }

  @Test
  void aDeletedIdCanBeUsedAgain() {
    runParent();
    DBOS.deleteWorkflow("parent", true);

    runParent();

    assertThat(impl.runs.get()).as("run again, not replayed").isEqualTo(2);
    assertThat(DBOS.retrieveWorkflow("parent").getStatus().state())
        .isEqualTo(WorkflowState.SUCCESS);
  }

  @Test
  void managementNeedsALaunchedProcess() {
    DBOS.shutdown();
    assertManagementRefused();
    DBOS.configure(db.config().build());
    assertManagementRefused();
  }

  private static void assertManagementRefused() {
    assertThatThrownBy(() -> DBOS.listWorkflows(ListWorkflowsInput.builder().build()))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("not launched");
    assertThatThrownBy(() -> DBOS.listWorkflowSteps("x"))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("not launched");
    assertThatThrownBy(() -> DBOS.forkWorkflow("x", 1))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("not launched");
    assertThatThrownBy(() -> DBOS.deleteWorkflow("x"))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("not launched");
  }
}
