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
 * {@code DBOS.resumeWorkflow} and {@code DBOSClient.resumeWorkflow}: a CANCELLED or
 * MAX_RECOVERY_ATTEMPTS_EXCEEDED workflow becomes PENDING again (ENQUEUED on its queue, if it had
 * one, for a dispatcher to run), without its deadline and without a process, and a workflow that is
 * not queued runs here from its last recorded step. A client runs nothing: there the workflow stays
 * PENDING without a process, which is what recovery takes over, so a launched process of its
 * executor ID and application version runs it: at once where it is notified of orphans
 * (PostgreSQL), else at its next look for them (see {@code ProcessLease}), or at its next launch. A
 * workflow in any other state is left as it is. Round trips: 1 to read the row (so that nothing
 * changes for a workflow this process could not run), 1 to resume it, then those of a recovery (the
 * start's and the load of its recorded steps).
 *
 * <p>A cancelled execution of the workflow may still be finishing its step here: the new one starts
 * once it has ended, so that the step's recorded output is replayed, never run twice at once.
 */
public final class WorkflowResumption {
  /**
   * What runs a resumed workflow that is not queued in this process: its starts, its executions and
   * its registered workflows.
   */
  public record LocalRun(
      WorkflowStarts starts, RunningWorkflows running, WorkflowHandles.WorkflowTypes types) {}

  private final WorkflowCancelDao cancels;
  private final WorkflowOutcomes outcomes;
  private final WorkflowHandles handles;
  private final @Nullable LocalRun here;
  private final TimeSource time;

  /**
   * @param here how a workflow that is not queued runs here; null in a process that runs no
   *     workflows (a client), which leaves it PENDING without a process, for the recovery of a
   *     launched process of its executor ID and application version to run it
   */
  public WorkflowResumption(
      WorkflowCancelDao cancels,
      WorkflowOutcomes outcomes,
      WorkflowHandles handles,
      @Nullable LocalRun here,
      TimeSource time) {
    this.cancels = cancels;
    this.outcomes = outcomes;
    this.handles = handles;
    this.here = here;
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
    LocalRun local = here;
    RegisteredWorkflow wf =
        row.queueName() == null && local != null ? registered(row, local) : null;
    WorkflowRow resumed = cancels.resume(workflowId, time.millis());
    if (resumed == null || wf == null || local == null) {
      // resumed by someone else meanwhile, enqueued for whoever runs its queue, or left to the
      // recovery of a launched process
      return handles.handle(workflowId, false);
    }
    WorkflowStarts starts = local.starts();
    WorkflowExecution ending = local.running().get(workflowId);
    CompletableFuture<@Nullable Object> outcome =
        ending == null
            ? starts.resume(wf, resumed)
            : ending.released().thenCompose(released -> starts.resume(wf, resumed));
    return handles.started(new WorkflowStarts.Started(workflowId, outcome));
  }

  private static RegisteredWorkflow registered(WorkflowRow row, LocalRun local) {
    RegisteredWorkflow wf = local.types().workflow(row.name(), row.instanceName());
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
