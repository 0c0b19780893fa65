package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Workflows called or started from a workflow are children with deterministic IDs. */
@BothBackends
class ChildWorkflowTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);

  public interface Children {
    String child(String input);
  }

  static final class ChildrenImpl implements Children {
    final AtomicInteger runs = new AtomicInteger();

    @Workflow
    @Override
    public String child(String input) {
      runs.incrementAndGet();
      return "child(" + input + ")@" + DBOS.workflowId();
    }
  }

  public interface Steps {
    String step(String s);
  }

  static final class StepsImpl implements Steps {
    @Step
    @Override
    public String step(String s) {
      return "step(" + s + ")";
    }
  }

  public interface Parents {
    String callsChild(String input);

    String startsChild(String input);

    String namesChild(String input);

    String callsChildThenWaits(String input);
  }

  static final class ParentsImpl implements Parents {
    private final Children children;
    private final Steps steps;
    private final Gate gate;
    final AtomicInteger bodies = new AtomicInteger();

    ParentsImpl(Children children, Steps steps, Gate gate) {
      this.children = children;
      this.steps = steps;
      this.gate = gate;
    }

    @Workflow
    @Override
    public String callsChild(String input) {
      return steps.step(input) + " " + children.child(input) + " " + steps.step("after");
    }

    @Workflow
    @Override
    public String startsChild(String input) {
      String s = steps.step(input);
      WorkflowHandle<String> handle = DBOS.startWorkflow(() -> children.child(input));
      return s + " " + handle.workflowId() + " " + handle.getResult();
    }

    @Workflow
    @Override
    public String namesChild(String input) {
      String named;
      try (var id = new SetWorkflowID("named-child")) {
        named = children.child(input);
      }
      return named + " " + children.child("second");
    }

    @Workflow
    @Override
    public String callsChildThenWaits(String input) {
      bodies.incrementAndGet();
      String c = children.child(input);
      gate.pass();
      return c;
    }
  }

  private ChildrenImpl children;
  private ParentsImpl parentsImpl;

  private Parents launch(Gate gate) {
    DBOS.configure(db.config().build());
    children = new ChildrenImpl();
    Children childProxy = DBOS.register(Children.class, children);
    parentsImpl = new ParentsImpl(childProxy, DBOS.register(Steps.class, new StepsImpl()), gate);
    Parents parents = DBOS.register(Parents.class, parentsImpl);
    DBOS.launch();
    return parents;
  }

  @Test
  void aChildCalledFromAWorkflowGetsTheIdParentIdDashFunctionId() throws Exception {
    Parents parents = launch(Gate.opened());
    String result;
    try (var id = new SetWorkflowID("parent")) {
      result = parents.callsChild("x");
    }

    assertThat(result).isEqualTo("step(x) child(x)@parent-2 step(after)");
    List<SystemTables.Operation> ops = tables.operations("parent");
    assertThat(ops).extracting(SystemTables.Operation::functionId).containsExactly(1, 2, 3);
    assertThat(ops.get(1).functionName()).isEqualTo("ChildrenImpl.child");
    assertThat(ops.get(1).childWorkflowId()).isEqualTo("parent-2");
    assertThat(ops.get(0).childWorkflowId()).isNull();
    assertThat(tables.status("parent-2")).isEqualTo("SUCCESS");
    assertThat(
            tables.string(
                "SELECT parent_workflow_id FROM dbos.workflow_status WHERE workflow_uuid = ?",
                "parent-2"))
        .isEqualTo("parent");

    // Called again, the parent returns its recorded result and runs no child.
    try (var id = new SetWorkflowID("parent")) {
      assertThat(parents.callsChild("x")).isEqualTo(result);
    }
    assertThat(children.runs).hasValue(1);
  }

  @Test
  void aChildStartedFromAWorkflowIsAChildToo() throws Exception {
    Parents parents = launch(Gate.opened());
    String result;
    try (var id = new SetWorkflowID("starter")) {
      result = parents.startsChild("y");
    }

    assertThat(result).isEqualTo("step(y) starter-2 child(y)@starter-2");
    SystemTables.Operation op = tables.operations("starter").get(1);
    assertThat(op.functionId()).isEqualTo(2);
    assertThat(op.childWorkflowId()).isEqualTo("starter-2");
    assertThat(tables.status("starter-2")).isEqualTo("SUCCESS");
    assertThat(children.runs).hasValue(1);
  }

  @Test
  void setWorkflowIdInsideAWorkflowNamesTheChild() throws Exception {
    Parents parents = launch(Gate.opened());
    String result;
    try (var id = new SetWorkflowID("namer")) {
      result = parents.namesChild("z");
    }

    assertThat(result).isEqualTo("child(z)@named-child child(second)@namer-2");
    List<SystemTables.Operation> ops = tables.operations("namer");
    assertThat(ops)
        .extracting(SystemTables.Operation::childWorkflowId)
        .containsExactly("named-child", "namer-2");
    assertThat(tables.status("named-child")).isEqualTo("SUCCESS");
  }

  @Test
  void aRecoveredParentGetsItsFinishedChildsResultWithoutRunningItAgain() throws Exception {
    Gate gate = new Gate(1);
    Parents parents = launch(gate);
    DBOS.startWorkflow(
        () -> parents.callsChildThenWaits("r"),
        StartWorkflowOptions.builder().workflowId("recovered-parent").build());
    gate.awaitArrivals();
    DBOS.shutdown();
    assertThat(tables.status("recovered-parent-1")).isEqualTo("SUCCESS");

    launch(Gate.opened());
    assertThat(DBOS.<String>retrieveWorkflow("recovered-parent").getResult())
        .isEqualTo("child(r)@recovered-parent-1");
    assertThat(parentsImpl.bodies).hasValue(1);
    assertThat(children.runs).as("the child is not run again").hasValue(0);
  }
}
