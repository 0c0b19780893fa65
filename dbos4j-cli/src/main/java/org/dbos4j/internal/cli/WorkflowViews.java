package org.dbos4j.internal.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dbos4j.StepInfo;
import org.dbos4j.WorkflowStatus;
import org.jspecify.annotations.Nullable;

/**
 * How workflows and their steps print. The JSON objects have the property names and shapes of the
 * admin HTTP API's (snake_case as in DBOS's admin API, every property present, times as ISO-8601
 * instants, durations in milliseconds, an error as its class and message), so that a script reads
 * both alike; the tables show a few of them.
 */
final class WorkflowViews {
  private WorkflowViews() {}

  /** The columns of {@code workflow list}; see {@link #addRow}. */
  static Table workflowTable() {
    return new Table("WORKFLOW ID", "STATUS", "NAME", "QUEUE", "APP VERSION", "CREATED");
  }

  static void addRow(Table table, WorkflowStatus s) {
    table.row(s.workflowId(), s.state(), s.name(), s.queueName(), s.appVersion(), s.createdAt());
  }

  /**
   * What {@code cancel}, {@code resume} and {@code fork} print about the workflow they leave:
   * {@code Workflow ID is STATE.}, or its status in JSON.
   */
  static void printOutcome(PrintWriter out, WorkflowStatus s, boolean json) {
    if (json) {
      Json.print(out, workflow(s));
    } else {
      out.println("Workflow " + s.workflowId() + " is " + s.state() + ".");
    }
  }

  /** Every component of the status, in the record's order. */
  static Map<String, @Nullable Object> workflow(WorkflowStatus s) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("workflow_id", s.workflowId());
    m.put("status", s.state());
    m.put("name", s.name());
    m.put("class_name", s.className());
    m.put("instance_name", s.instanceName());
    m.put("authenticated_user", s.authenticatedUser());
    m.put("assumed_role", s.assumedRole());
    m.put("authenticated_roles", s.authenticatedRoles());
    m.put("input", s.input() == null ? null : List.of(s.input()));
    m.put("output", s.output());
    m.put("error", error(s.error()));
    m.put("queue_name", s.queueName());
    m.put("executor_id", s.executorId());
    m.put("app_version", s.appVersion());
    m.put("recovery_attempts", s.recoveryAttempts());
    m.put("created_at", s.createdAt());
    m.put("updated_at", s.updatedAt());
    m.put("parent_workflow_id", s.parentWorkflowId());
    m.put("forked_from", s.forkedFrom());
    m.put("priority", s.priority());
    m.put("deduplication_id", s.deduplicationId());
    m.put("partition_key", s.partitionKey());
    m.put("timeout_ms", millis(s.timeout()));
    m.put("deadline", s.deadline());
    m.put("started_at", s.startedAt());
    m.put("completed_at", s.completedAt());
    return m;
  }

  static Map<String, @Nullable Object> step(StepInfo step) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("function_id", step.functionId());
    m.put("function_name", step.functionName());
    m.put("output", step.output());
    m.put("error", error(step.error()));
    m.put("child_workflow_id", step.childWorkflowId());
    m.put("started_at", step.startedAt());
    m.put("completed_at", step.completedAt());
    return m;
  }

  /** The table of {@code workflow steps}: what each step returned, or the error it ended with. */
  static Table stepTable(List<StepInfo> steps) {
    Table t = new Table("STEP", "NAME", "CHILD WORKFLOW", "STARTED", "COMPLETED", "OUTPUT / ERROR");
    for (StepInfo step : steps) {
      t.row(
          step.functionId(),
          step.functionName(),
          step.childWorkflowId(),
          step.startedAt(),
          step.completedAt(),
          step.error() != null ? step.error() : step.output());
    }
    return t;
  }

  private static @Nullable Map<String, @Nullable Object> error(@Nullable Throwable error) {
    if (error == null) {
      return null;
    }
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("class", error.getClass().getName());
    m.put("message", error.getMessage());
    return m;
  }

  private static @Nullable Long millis(@Nullable Duration d) {
    return d == null ? null : d.toMillis();
  }
}
