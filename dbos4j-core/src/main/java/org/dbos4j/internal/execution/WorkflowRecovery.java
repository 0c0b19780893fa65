package org.dbos4j.internal.execution;

import java.util.List;
import org.dbos4j.internal.registry.FunctionRegistry;
import org.dbos4j.internal.registry.RegisteredWorkflow;
import org.dbos4j.internal.sysdb.WorkflowRow;
import org.dbos4j.internal.sysdb.WorkflowStatusDao;
import org.dbos4j.internal.time.TimeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumes the PENDING workflows of this executor and application version whose process is gone: at
 * launch (an earlier incarnation of this process, or a process that shut down), and whenever the
 * process lease finds another process dead. Claiming them records this process as theirs in the
 * same statement, so each is resumed by one process only, and never while its process lives. Each
 * is started on the workflow executor, so many recover concurrently; each replays its recorded
 * steps and runs the rest.
 */
public final class WorkflowRecovery {
  private static final Logger log = LoggerFactory.getLogger(WorkflowRecovery.class);

  private final WorkflowStatusDao statuses;
  private final WorkflowStarts starts;
  private final FunctionRegistry registry;
  private final TimeSource time;
  private final String processId;
  private final String executorId;
  private final String appVersion;

  public WorkflowRecovery(
      WorkflowStatusDao statuses,
      WorkflowStarts starts,
      FunctionRegistry registry,
      TimeSource time,
      String processId,
      String executorId,
      String appVersion) {
    this.statuses = statuses;
    this.starts = starts;
    this.registry = registry;
    this.time = time;
    this.processId = processId;
    this.executorId = executorId;
    this.appVersion = appVersion;
  }

  /**
   * Claims and starts the recovery of every pending workflow whose process is gone; returns how
   * many were started.
   */
  public synchronized int recoverPending() {
    List<WorkflowRow> pending =
        statuses.claimPending(processId, executorId, appVersion, time.millis());
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
