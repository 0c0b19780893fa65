package org.dbos4j;

/** The life-cycle states of a workflow, as recorded in the system database. */
public enum WorkflowState {
  PENDING,
  /** On a queue, waiting to be started by a process that runs the queue. */
  ENQUEUED,
  /** On a queue with a delay that has not passed yet; then ENQUEUED. */
  DELAYED,
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
