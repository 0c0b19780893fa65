package org.dbos4j.internal.execution;

import java.util.concurrent.CompletableFuture;
import org.dbos4j.DBOSException;
import org.dbos4j.DBOSNonExistentWorkflowException;
import org.dbos4j.WorkflowHandle;
import org.dbos4j.WorkflowState;
import org.dbos4j.internal.registry.RegisteredWorkflow;
import org.dbos4j.internal.sysdb.WorkflowCancelDao;
import org.dbos4j.internal.sysdb.WorkflowRow;
import org.dbos4j.internal.time.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * {@code DBOS.resumeWorkflow}: a CANCELLED or MAX_RECOVERY_ATTEMPTS_EXCEEDED workflow becomes
 * PENDING again (ENQUEUED on its queue, if it had one, for a dispatcher to run), without its
 * deadline, and a workflow that is not queued runs here from its last recorded step. A workflow in
 * any other state is left as it is. Round trips: 1 to read the row (so that nothing changes for a
 * workflow this process could not run), 1 to resume it, then those of a recovery (the start's and
 * the load of its recorded steps).
 *
 * <p>A cancelled execution of the workflow may still be finishing its step here: the new one starts
 * once it has ended, so that the step's recorded output is replayed, never run twice at once.
 */
public final class WorkflowResumption {
  private final WorkflowCancelDao cancels;
  private final WorkflowOutcomes outcomes;
  private final WorkflowStarts starts;
  private final WorkflowHandles handles;
  private final RunningWorkflows running;
  private final WorkflowHandles.WorkflowTypes types;
  private final TimeSource time;

  public WorkflowResumption(
      WorkflowCancelDao cancels,
      WorkflowOutcomes outcomes,
      WorkflowStarts starts,
      WorkflowHandles handles,
      RunningWorkflows running,
      WorkflowHandles.WorkflowTypes types,
      TimeSource time) {
    this.cancels = cancels;
    this.outcomes = outcomes;
    this.starts = starts;
    this.handles = handles;
    this.running = running;
    this.types = types;
    this.time = time;
  }

  /**
   * Resumes {@code workflowId} if it is CANCELLED or MAX_RECOVERY_ATTEMPTS_EXCEEDED; returns a
   * handle on it either way.
   *
   * @throws DBOSNonExistentWorkflowException if no workflow has this ID
   * @throws DBOSException if the workflow must run here but is not registered in this process
   */
  public <R extends @Nullable Object> WorkflowHandle<R> resume(String workflowId) {
    WorkflowRow row = outcomes.find(workflowId);
    if (row == null) {
      throw new DBOSNonExistentWorkflowException(workflowId);
    }
    WorkflowState state = row.state();
    if (state != WorkflowState.CANCELLED && state != WorkflowState.MAX_RECOVERY_ATTEMPTS_EXCEEDED) {
      return handles.handle(workflowId, false);
    }
    RegisteredWorkflow wf = row.queueName() == null ? registered(row) : null;
    WorkflowRow resumed = cancels.resume(workflowId, time.millis());
    if (resumed == null || wf == null) {
      // resumed by someone else meanwhile, or enqueued for whoever runs its queue
      return handles.handle(workflowId, false);
    }
    WorkflowExecution ending = running.get(workflowId);
    CompletableFuture<@Nullable Object> outcome =
        ending == null
            ? starts.resume(wf, resumed)
            : ending.released().thenCompose(released -> starts.resume(wf, resumed));
    return handles.started(new WorkflowStarts.Started(workflowId, outcome));
  }

  private RegisteredWorkflow registered(WorkflowRow row) {
    RegisteredWorkflow wf = types.workflow(row.name(), row.instanceName());
    if (wf == null) {
      throw new DBOSException(
          "Cannot resume workflow "
              + row.workflowId()
              + ": no workflow '"
              + row.name()
              + "' (instance '"
              + row.instanceName()
              + "') is registered in this process, which would run it; resume it where it is");
    }
    return wf;
  }
}
