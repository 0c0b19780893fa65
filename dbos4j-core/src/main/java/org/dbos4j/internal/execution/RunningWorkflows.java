package org.dbos4j.internal.execution;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The workflow executions under way in this process, by ID, so that a second start of a running
 * workflow (a retried call, recovery racing a caller) attaches to the execution instead of running
 * the body twice, and a handle on it waits in memory.
 */
public final class RunningWorkflows {
  private final ConcurrentMap<String, WorkflowExecution> executions = new ConcurrentHashMap<>();

  /** Claims {@code workflowId}; returns the execution already holding it, or null if claimed. */
  @Nullable WorkflowExecution claim(WorkflowExecution execution) {
    return executions.putIfAbsent(execution.workflowId(), execution);
  }

  @Nullable WorkflowExecution get(String workflowId) {
    return executions.get(workflowId);
  }

  void release(WorkflowExecution execution) {
    executions.remove(execution.workflowId(), execution);
  }

  /**
   * Cancels the execution of {@code workflowId} in this process, if one runs: its waits wake and
   * throw {@link org.dbos4j.DBOSWorkflowCancelledException}. The workflow's state is not changed
   * here.
   *
   * @return whether an execution was running here
   */
  public boolean cancel(String workflowId) {
    WorkflowExecution e = executions.get(workflowId);
    if (e == null) {
      return false;
    }
    e.cancelToken().cancel();
    return true;
  }
}
