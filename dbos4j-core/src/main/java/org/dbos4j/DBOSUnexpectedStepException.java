package org.dbos4j;

/**
 * A replaying workflow called a different step than the one recorded at the same position: the
 * workflow body is not deterministic, so its recorded history cannot be reused safely.
 */
public class DBOSUnexpectedStepException extends DBOSException {
  private static final long serialVersionUID = 1L;
  private final String workflowId;
  private final int stepId;

  public DBOSUnexpectedStepException(
      String workflowId, int stepId, String recordedName, String calledName) {
    super(
        "Workflow '"
            + workflowId
            + "' called '"
            + calledName
            + "' as step "
            + stepId
            + ", but its recorded history has '"
            + recordedName
            + "' there; workflow code must call the same steps in the same order on every run");
    this.workflowId = workflowId;
    this.stepId = stepId;
  }

  /** The replaying workflow. */
  public String workflowId() {
    return workflowId;
  }

  /** The position (function ID, from 1) at which the call differed. */
  public int stepId() {
    return stepId;
  }
}
