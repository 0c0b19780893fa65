package org.dbos4j;

/** A workflow ID that names no recorded workflow. */
public class DBOSNonExistentWorkflowException extends DBOSException {
  private static final long serialVersionUID = 1L;
  private final String workflowId;

  public DBOSNonExistentWorkflowException(String workflowId) {
    super("Workflow '" + workflowId + "' does not exist");
    this.workflowId = workflowId;
  }

  /** The ID that was not found. */
  public String workflowId() {
    return workflowId;
  }
}
