package org.dbos4j.internal.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.dbos4j.ListWorkflowsInput;
import org.dbos4j.WorkflowState;
import org.jspecify.annotations.Nullable;

/**
 * The query parameters of {@code GET /workflows} and {@code GET /queues}, one for each property of
 * {@link ListWorkflowsInput}, named in snake_case:
 *
 * <pre>
 * workflow_id         repeatable: ?workflow_id=a&amp;workflow_id=b
 * status              repeatable or comma-separated: ?status=ERROR,CANCELLED
 * name, queue_name, authenticated_user, app_version, executor_id, parent_workflow_id,
 * forked_from, workflow_id_prefix
 * created_after, created_before   ISO-8601 instants, inclusive: 2026-01-01T00:00:00Z
 * limit (1 or more), offset (0 or more)
 * sort_desc, load_input, load_output   true or false
 * </pre>
 */
final class WorkflowFilters {
  static final Set<String> NAMES =
      Set.of(
          "workflow_id",
          "status",
          "name",
          "queue_name",
          "authenticated_user",
          "app_version",
          "executor_id",
          "parent_workflow_id",
          "forked_from",
          "workflow_id_prefix",
          "created_after",
          "created_before",
          "limit",
          "offset",
          "sort_desc",
          "load_input",
          "load_output");

  private WorkflowFilters() {}

  /**
   * The listing the parameters ask for.
   *
   * @throws HttpProblem 400 naming the first bad or unknown parameter
   */
  static ListWorkflowsInput of(QueryParameters q) {
    q.allowOnly(NAMES);
    ListWorkflowsInput.Builder b = ListWorkflowsInput.builder();
    ifSet(q.strings("workflow_id"), b::workflowIds);
    ifSet(states(q.strings("status")), b::states);
    ifSet(q.string("name"), b::name);
    ifSet(q.string("queue_name"), b::queueName);
    ifSet(q.string("authenticated_user"), b::authenticatedUser);
    ifSet(q.string("app_version"), b::appVersion);
    ifSet(q.string("executor_id"), b::executorId);
    ifSet(q.string("parent_workflow_id"), b::parentWorkflowId);
    ifSet(q.string("forked_from"), b::forkedFrom);
    ifSet(q.string("workflow_id_prefix"), b::workflowIdPrefix);
    ifSet(q.instant("created_after"), (Instant t) -> b.createdAfter(t));
    ifSet(q.instant("created_before"), (Instant t) -> b.createdBefore(t));
    ifSet(q.integer("limit", 1), b::limit);
    ifSet(q.integer("offset", 0), b::offset);
    ifSet(q.bool("sort_desc"), b::sortDescending);
    ifSet(q.bool("load_input"), b::loadInput);
    ifSet(q.bool("load_output"), b::loadOutput);
    return b.build();
  }

  private static @Nullable List<WorkflowState> states(@Nullable List<String> values) {
    if (values == null) {
      return null;
    }
    List<WorkflowState> states = new ArrayList<>();
    for (String value : values) {
      for (String name : value.split(",", -1)) {
        try {
          states.add(WorkflowState.valueOf(name.strip()));
        } catch (IllegalArgumentException e) {
          throw HttpProblem.badRequest(
              "query parameter 'status' must be one of "
                  + Arrays.toString(WorkflowState.values())
                  + ", got '"
                  + name
                  + "'");
        }
      }
    }
    return states;
  }

  private static <T> void ifSet(@Nullable T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }
}
