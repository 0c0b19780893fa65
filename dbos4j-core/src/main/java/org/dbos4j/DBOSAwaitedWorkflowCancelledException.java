package org.dbos4j;

/** The workflow whose result was awaited has been cancelled. */
public class DBOSAwaitedWorkflowCancelledException extends DBOSException {
  private static final long serialVersionUID = 1L;
  private final String workflowId;

  public DBOSAwaitedWorkflowCancelledException(String workflowId) {
    super("Workflow '" + workflowId + "' was cancelled, so it has no result");
    this.workflowId = workflowId;
  }

  /** The cancelled workflow. */
  public String workflowId() {
    return workflowId;
  }
}
