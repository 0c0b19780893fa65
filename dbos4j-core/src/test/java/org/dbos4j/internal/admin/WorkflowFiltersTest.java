package org.dbos4j.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.dbos4j.ListWorkflowsInput;
import org.dbos4j.WorkflowState;
import org.junit.jupiter.api.Test;

/** Each query parameter of the listing endpoints sets its own property of the listing. */
class WorkflowFiltersTest {
  @Test
  void everyParameterSetsItsProperty() {
    ListWorkflowsInput in =
        WorkflowFilters.of(
            QueryParameters.parse(
                "workflow_id=a%2Cb&workflow_id=c&status=ERROR,CANCELLED&status=PENDING"
                    + "&name=Orders.checkout&queue_name=payments&authenticated_user=alice"
                    + "&app_version=v1&executor_id=vm-1&parent_workflow_id=p&forked_from=f"
                    + "&workflow_id_prefix=order-&created_after=2026-01-01T00:00:00Z"
                    + "&created_before=2026-02-01T00:00:00.5Z&limit=100&offset=7"
                    + "&sort_desc=true&load_input=false&load_output=false"));

    assertThat(in.workflowIds()).containsExactly("a,b", "c");
    assertThat(in.states())
        .containsExactly(WorkflowState.ERROR, WorkflowState.CANCELLED, WorkflowState.PENDING);
    assertThat(in.name()).isEqualTo("Orders.checkout");
    assertThat(in.queueName()).isEqualTo("payments");
    assertThat(in.authenticatedUser()).isEqualTo("alice");
    assertThat(in.appVersion()).isEqualTo("v1");
    assertThat(in.executorId()).isEqualTo("vm-1");
    assertThat(in.parentWorkflowId()).isEqualTo("p");
    assertThat(in.forkedFrom()).isEqualTo("f");
    assertThat(in.workflowIdPrefix()).isEqualTo("order-");
    assertThat(in.createdAfter()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(in.createdBefore()).isEqualTo(Instant.parse("2026-02-01T00:00:00.500Z"));
    assertThat(in.limit()).isEqualTo(100);
    assertThat(in.offset()).isEqualTo(7);
    assertThat(in.sortDescending()).isTrue();
    assertThat(in.loadInput()).isFalse();
    assertThat(in.loadOutput()).isFalse();
  }

  @Test
  void noParametersListEverythingWithTheBuilderDefaults() {
    ListWorkflowsInput in = WorkflowFilters.of(QueryParameters.parse(null));

    assertThat(in.workflowIds()).isNull();
    assertThat(in.states()).isNull();
    assertThat(in.limit()).isNull();
    assertThat(in.offset()).isZero();
    assertThat(in.sortDescending()).isFalse();
    assertThat(in.loadInput()).isTrue();
    assertThat(in.loadOutput()).isTrue();
  }

  @Test
  void percentEncodingAndPlusAreDecodedInValues() {
    ListWorkflowsInput in =
        WorkflowFilters.of(QueryParameters.parse("name=Orders+v2%2Fcheckout&workflow_id=a%26b"));

    assertThat(in.name()).isEqualTo("Orders v2/checkout");
    assertThat(in.workflowIds()).isEqualTo(List.of("a&b"));
  }

  @Test
  void aBadValueNamesItsParameter() {
    assertThatThrownBy(() -> WorkflowFilters.of(QueryParameters.parse("offset=x")))
        .isInstanceOf(HttpProblem.class)
        .hasMessageContaining("'offset'");
    assertThatThrownBy(() -> WorkflowFilters.of(QueryParameters.parse("workflow_id=")))
        .isInstanceOf(HttpProblem.class)
        .hasMessageContaining("'workflow_id'");
    assertThatThrownBy(() -> WorkflowFilters.of(QueryParameters.parse("status=ERROR,")))
        .isInstanceOf(HttpProblem.class)
        .hasMessageContaining("'status'");
    assertThatThrownBy(() -> QueryParameters.parse("name=%zz"))
        .isInstanceOf(HttpProblem.class)
        .hasMessageContaining("percent-encoding");
  }
}
