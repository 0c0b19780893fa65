package org.dbos4j.internal.execution;

import java.util.List;
import org.dbos4j.DBOSNonExistentWorkflowException;
import org.dbos4j.internal.notify.WakeupKey;
import org.dbos4j.internal.notify.WakeupSignals;
import org.dbos4j.internal.sysdb.WorkflowCancelDao;
import org.dbos4j.internal.sysdb.WorkflowStatusDao;
import org.dbos4j.internal.time.TimeSource;

/**
 * Cancelling workflows: by {@code DBOS.cancelWorkflow}, or when a deadline passes. One statement
 * sets the workflow and its unfinished descendants CANCELLED at once (1 round trip); then their
 * executions in this process are cancelled (every wait wakes, the next durable operation throws)
 * and waiters for their outcomes here look again. Executions in other processes hear of it through
 * {@link org.dbos4j.internal.notify.CancellationNotices}.
 */
public final class WorkflowCancellation {
  private final WorkflowCancelDao cancels;
  private final WorkflowStatusDao statuses;
  private final RunningWorkflows running;
  private final WakeupSignals signals;
  private final TimeSource time;

  public WorkflowCancellation(
      WorkflowCancelDao cancels,
      WorkflowStatusDao statuses,
      RunningWorkflows running,
      WakeupSignals signals,
      TimeSource time) {
    this.cancels = cancels;
    this.statuses = statuses;
    this.running = running;
    this.signals = signals;
    this.time = time;
  }

  /**
   * Cancels {@code workflowId} and its unfinished descendants; a finished workflow is left as it
   * is. 1 round trip, and 1 more to tell a finished workflow from an unknown one when nothing was
   * cancelled.
   *
   * @throws DBOSNonExistentWorkflowException if no workflow has this ID
   */
  public void cancel(String workflowId) {
    if (cancelTree(workflowId).isEmpty() && statuses.find(workflowId) == null) {
      throw new DBOSNonExistentWorkflowException(workflowId);
    }
  }

  /**
   * Cancels {@code workflowId} and its unfinished descendants (1 round trip).
   *
   * @return the IDs of the workflows cancelled
   */
  List<String> cancelTree(String workflowId) {
    List<String> cancelled = cancels.cancel(workflowId, time.millis());
    for (String id : cancelled) {
      running.cancel(id);
      signals.fire(WakeupKey.status(id));
    }
    return cancelled;
  }
}
