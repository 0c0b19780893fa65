package org.dbos4j;

/**
 * A workflow ID is already recorded for another workflow function. Workflow IDs are idempotency
 * keys: reusing one for a different function is a bug in the caller.
 */
public class DBOSWorkflowConflictException extends DBOSException {
  private static final long serialVersionUID = 1L;
  private final String workflowId;

  public DBOSWorkflowConflictException(String workflowId, String recordedName, String calledName) {
    super(
        "Workflow ID '"
            + workflowId
            + "' is already used by workflow '"
            + recordedName
            + "', so it cannot run '"
            + calledName
            + "'; use a different workflow ID");
    this.workflowId = workflowId;
  }

  /** The conflicting workflow ID. */
  public String workflowId() {
    return workflowId;
  }
}
