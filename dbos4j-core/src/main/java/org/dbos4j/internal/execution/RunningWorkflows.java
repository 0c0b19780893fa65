package org.dbos4j.internal.execution;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.dbos4j.internal.notify.CancellationNotices;
import org.dbos4j.internal.time.CancelToken;
import org.jspecify.annotations.Nullable;

/**
 * The workflow executions under way in this process, by ID, so that a second start of a running
 * workflow (a retried call, recovery racing a caller) attaches to the execution instead of running
 * the body twice, and a handle on it waits in memory. Cancellations heard from the database reach
 * the executions through it.
 */
public final class RunningWorkflows implements CancellationNotices.Executions {
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
    execution.released().complete(null);
  }

  @Override
  public Map<String, CancelToken> running() {
    Map<String, CancelToken> tokens = new HashMap<>();
    executions.forEach((id, e) -> tokens.put(id, e.cancelToken()));
    return tokens;
  }

  @Override
  public @Nullable CancelToken running(String workflowId) {
    WorkflowExecution e = executions.get(workflowId);
    return e == null ? null : e.cancelToken();
  }

  /**
   * Cancels the execution of {@code workflowId} in this process, if one runs: its waits wake and
   * throw {@link org.dbos4j.DBOSWorkflowCancelledException}, and so does its next durable
   * operation. The workflow's state is not changed here.
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
