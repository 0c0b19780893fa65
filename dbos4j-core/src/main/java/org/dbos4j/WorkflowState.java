package org.dbos4j;

/** The life-cycle states of a workflow, as recorded in the system database. */
public enum WorkflowState {
  PENDING,
  ENQUEUED,
  SUCCESS,
  ERROR,
  CANCELLED,
  MAX_RECOVERY_ATTEMPTS_EXCEEDED;

  /** True for the states a workflow never leaves. */
  public boolean isTerminal() {
    return this == SUCCESS
        || this == ERROR
        || this == CANCELLED
        || this == MAX_RECOVERY_ATTEMPTS_EXCEEDED;
  }
}
