package org.dbos4j.internal.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import org.dbos4j.StepInfo;
import org.dbos4j.WorkflowStatus;
import org.dbos4j.internal.management.WorkflowJson;

/**
 * How workflows and their steps print: in JSON as the admin HTTP API writes them ({@link
 * WorkflowJson}), so that a script reads both alike; the tables show a few of their properties.
 */
final class WorkflowViews {
  private static final WorkflowJson JSON = new WorkflowJson();

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

  /** Every component of the status, in the record's order, as the admin API writes it. */
  static ObjectNode workflow(WorkflowStatus s) {
    return JSON.status(s);
  }

  /** A recorded operation, as the admin API writes it. */
  static ObjectNode step(StepInfo step) {
    return JSON.step(step);
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
}
