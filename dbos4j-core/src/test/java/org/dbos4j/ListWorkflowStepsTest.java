package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DBOS.listWorkflowSteps (API 5.3, 5.8 Steps list): every recorded operation in step order, with
 * the names of steps, inline steps, children and the internal operations, and the child's ID.
 */
@BothBackends
class ListWorkflowStepsTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  public interface Steps {
    String shout(String s);

    String fail();
  }

  public static final class StepsImpl implements Steps {
    @Step
    @Override
    public String shout(String s) {
      return s.toUpperCase(java.util.Locale.ROOT);
    }

    @Step
    @Override
    public String fail() {
      throw new IllegalStateException("step failed");
    }
  }

  public interface Children {
    String child(String s);
  }

  public static final class ChildrenImpl implements Children {
    @Workflow
    @Override
    public String child(String s) {
      return "child " + s;
    }
  }

  public interface Flows {
    String everything(String s);

    String nothing();
  }

  public static final class FlowsImpl implements Flows {
    private final Steps steps;
    private final Children children;

    FlowsImpl(Steps steps, Children children) {
      this.steps = steps;
      this.children = children;
    }

    @Workflow
    @Override
    public String everything(String s) {
      String id = DBOS.workflowId();
      String loud = steps.shout(s); // 1
      String inline = DBOS.runStep("inline", () -> s + "!"); // 2
      try {
        steps.fail(); // 3
      } catch (IllegalStateException expected) {
        // recorded with its error
      }
      DBOS.send(id, "note", "t"); // 4
      String note = DBOS.recv("t", Duration.ofSeconds(30)); // 5, and 6 for its deadline: unused
      DBOS.sleep(Duration.ofMillis(1)); // 7
      DBOS.setEvent("k", "v"); // 8
      String event = DBOS.getEvent(id, "k", Duration.ofSeconds(30)); // 9, and 10: unused
      String called = children.child("called"); // 11
      WorkflowHandle<String> started = DBOS.startWorkflow(() -> children.child("started")); // 12
      String awaited = started.getResult(); // 13
      return String.join(",", loud, inline, note, event, called, awaited);
    }

    @Workflow
    @Override
    public String nothing() {
      return "none";
    }
  }

  private Flows flows;

  @BeforeEach
  void launch() {
    DBOS.configure(db.config().build());
    Children children = DBOS.register(Children.class, new ChildrenImpl());
    flows =
        DBOS.register(
            Flows.class, new FlowsImpl(DBOS.register(Steps.class, new StepsImpl()), children));
    DBOS.launch();
  }

  @Test
  void listsEveryOperationInStepOrderWithItsName() {
    String result;
    try (var id = new SetWorkflowID("wf")) {
      result = flows.everything("hi");
    }
    assertThat(result).isEqualTo("HI,hi!,note,v,child called,child started");

    List<StepInfo> steps = DBOS.listWorkflowSteps("wf");

    assertThat(steps)
        .extracting(StepInfo::functionId, StepInfo::functionName)
        .containsExactly(
            tuple(1, "StepsImpl.shout"),
            tuple(2, "inline"),
            tuple(3, "StepsImpl.fail"),
            tuple(4, "DBOS.send"),
            tuple(5, "DBOS.recv"),
            tuple(7, "DBOS.sleep"),
            tuple(8, "DBOS.setEvent"),
            tuple(9, "DBOS.getEvent"),
            tuple(11, "ChildrenImpl.child"),
            tuple(12, "ChildrenImpl.child"),
            tuple(13, "DBOS.getResult"));
    assertThat(steps.get(0).output()).isEqualTo("HI");
    assertThat(steps.get(0).error()).isNull();
    assertThat(steps.get(0).startedAt()).isNotNull();
    assertThat(steps.get(0).completedAt()).isNotNull();
    assertThat(steps.get(2).error())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("step failed");
    assertThat(steps.get(4).output()).isEqualTo("note");
    assertThat(steps.get(7).output()).isEqualTo("v");
    assertThat(steps.get(8).childWorkflowId()).isEqualTo("wf-11");
    assertThat(steps.get(9).childWorkflowId()).isEqualTo("wf-12");
    assertThat(steps.get(10).childWorkflowId()).isEqualTo("wf-12");
    assertThat(steps.get(10).output()).isEqualTo("child started");
    assertThat(steps.get(0).childWorkflowId()).isNull();
  }

  @Test
  void aWorkflowWithoutStepsHasAnEmptyList() {
    flows.nothing();
    String id =
        DBOS.listWorkflows(ListWorkflowsInput.builder().name("FlowsImpl.nothing").build())
            .get(0)
            .workflowId();
    assertThat(DBOS.listWorkflowSteps(id)).isEmpty();
  }

  @Test
  void anUnknownWorkflowHasNoSteps() {
    assertThatThrownBy(() -> DBOS.listWorkflowSteps("nobody"))
        .isInstanceOf(DBOSNonExistentWorkflowException.class)
        .hasMessageContaining("nobody");
  }
}
