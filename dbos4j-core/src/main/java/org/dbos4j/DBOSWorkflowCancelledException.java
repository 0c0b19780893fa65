package org.dbos4j;

/**
 * Thrown inside a workflow by the durable operation that notices the workflow was cancelled (a
 * woken {@code recv}, {@code sleep}, {@code getEvent}, a child's {@code getResult()}, or the next
 * step or send). Nothing after it is recorded.
 */
public class DBOSWorkflowCancelledException extends DBOSException {
  private static final long serialVersionUID = 1L;
  private final String workflowId;

  public DBOSWorkflowCancelledException(String workflowId) {
    super("Workflow '" + workflowId + "' was cancelled");
    this.workflowId = workflowId;
  }

  /** The cancelled workflow. */
  public String workflowId() {
    return workflowId;
  }
}
