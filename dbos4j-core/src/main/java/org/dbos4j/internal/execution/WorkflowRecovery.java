package org.dbos4j.internal.execution;

import java.util.List;
import org.dbos4j.internal.registry.FunctionRegistry;
import org.dbos4j.internal.registry.RegisteredWorkflow;
import org.dbos4j.internal.sysdb.WorkflowRow;
import org.dbos4j.internal.sysdb.WorkflowStatusDao;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumes, at launch, the PENDING workflows of this executor and application version. Each is
 * started on the workflow executor, so many recover concurrently; each replays its recorded steps
 * and runs the rest.
 */
public final class WorkflowRecovery {
  private static final Logger log = LoggerFactory.getLogger(WorkflowRecovery.class);

  private final WorkflowStatusDao statuses;
  private final WorkflowStarts starts;
  private final FunctionRegistry registry;

  public WorkflowRecovery(
      WorkflowStatusDao statuses, WorkflowStarts starts, FunctionRegistry registry) {
    this.statuses = statuses;
    this.starts = starts;
    this.registry = registry;
  }

  /** Starts the recovery of every pending workflow; returns how many were started. */
  public int recoverPending(String executorId, String appVersion) {
    List<WorkflowRow> pending = statuses.pending(executorId, appVersion);
    int started = 0;
    for (WorkflowRow row : pending) {
      RegisteredWorkflow wf = registry.workflow(row.name(), row.instanceName());
      if (wf == null) {
        log.warn(
            "cannot recover workflow {}: no workflow '{}' (instance '{}') is registered",
            row.workflowId(),
            row.name(),
            row.instanceName());
        continue;
      }
      try {
        starts.resume(wf, row);
        started++;
      } catch (RuntimeException e) {
        log.error("cannot recover workflow {}: {}", row.workflowId(), e.toString());
      }
    }
    if (!pending.isEmpty()) {
      log.info(
          "recovering {} of {} pending workflow(s) of executor {} version {}",
          started,
          pending.size(),
          executorId,
          appVersion);
    }
    return started;
  }
}
