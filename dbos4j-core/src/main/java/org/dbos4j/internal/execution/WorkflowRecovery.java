package org.dbos4j.internal.execution;

import java.util.ArrayList;
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
 * process lease finds another process dead; and, when an operator asks through the admin server,
 * those of other executors, whose work this process takes over. Claiming them records this process
 * as theirs in the same statement, so each is resumed by one process only, and never while its
 * process lives. Each is started on the workflow executor, so many recover concurrently; each
 * replays its recorded steps and runs the rest.
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
   * Claims and starts the recovery of every pending workflow of this executor whose process is
   * gone; returns how many were started.
   */
  public synchronized int recoverPending() {
    return recover(executorId).size();
  }

  /**
   * Takes over the pending workflows of the given executors (of this application version) whose
   * process is gone, as {@link #recoverPending} does for this executor's: the same claim, so a
   * workflow a live process runs is never taken, and two processes asked to recover one executor
   * never both run a workflow. The workflows run here, and become this executor's.
   *
   * @return the IDs of the workflows started, in the order of {@code executorIds}, oldest first
   */
  public synchronized List<String> recoverExecutors(List<String> executorIds) {
    List<String> started = new ArrayList<>();
    for (String id : executorIds) {
      started.addAll(recover(id));
    }
    return started;
  }

  private List<String> recover(String ofExecutor) {
    List<WorkflowRow> pending =
        statuses.claimPending(processId, ofExecutor, appVersion, time.millis());
    List<String> started = new ArrayList<>();
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
        started.add(row.workflowId());
      } catch (RuntimeException e) {
        log.error("cannot recover workflow {}: {}", row.workflowId(), e.toString());
      }
    }
    if (!pending.isEmpty()) {
      log.info(
          "recovering {} of {} pending workflow(s) of executor {} version {}",
          started.size(),
          pending.size(),
          ofExecutor,
          appVersion);
    }
    return started;
  }
}
