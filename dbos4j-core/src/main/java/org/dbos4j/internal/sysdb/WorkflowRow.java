package org.dbos4j.internal.sysdb;

import org.dbos4j.WorkflowState;
import org.jspecify.annotations.Nullable;

/**
 * A {@code workflow_status} row as dbos4j reads it. Times are epoch milliseconds.
 *
 * @param timeoutMillis {@code workflow_timeout_ms}
 * @param deadlineMillis {@code workflow_deadline_epoch_ms}
 */
public record WorkflowRow(
    String workflowId,
    String status,
    String name,
    @Nullable String className,
    @Nullable String instanceName,
    @Nullable String inputs,
    @Nullable String output,
    @Nullable String error,
    @Nullable String executorId,
    @Nullable String appVersion,
    @Nullable String queueName,
    RecordedCaller caller,
    @Nullable String processId,
    int recoveryAttempts,
    long createdAt,
    long updatedAt,
    @Nullable String parentWorkflowId,
    @Nullable String forkedFrom,
    int priority,
    @Nullable String deduplicationId,
    @Nullable String partitionKey,
    @Nullable Long timeoutMillis,
    @Nullable Long deadlineMillis,
    @Nullable Long startedAt,
    @Nullable Long completedAt) {

  /**
   * The recorded state, or null if this version of dbos4j does not know it: other writers of the
   * table (a newer dbos4j, DBOS's tools, an operator) may record states this one has never heard
   * of, and reading their rows must not fail.
   */
  public @Nullable WorkflowState state() {
    for (WorkflowState s : WorkflowState.values()) {
      if (s.name().equals(status)) {
        return s;
      }
    }
    return null;
  }

  /** Whether the workflow has finished; a state this version does not know counts as unfinished. */
  public boolean finished() {
    WorkflowState s = state();
    return s != null && s.isTerminal();
  }
}
