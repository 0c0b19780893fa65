package org.dbos4j.internal.management;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.dbos4j.DBOSException;
import org.dbos4j.DBOSNonExistentWorkflowException;
import org.dbos4j.ForkOptions;
import org.dbos4j.ListWorkflowsInput;
import org.dbos4j.StepInfo;
import org.dbos4j.WorkflowStatus;
import org.dbos4j.internal.context.WorkflowIds;
import org.dbos4j.internal.execution.WorkflowHandles;
import org.dbos4j.internal.execution.WorkflowStatusReader;
import org.dbos4j.internal.serialize.ErrorCodec;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.sysdb.StepListQuery;
import org.dbos4j.internal.sysdb.SystemDatabase;
import org.dbos4j.internal.sysdb.WorkflowDeletionDao;
import org.dbos4j.internal.sysdb.WorkflowForksDao;
import org.dbos4j.internal.sysdb.WorkflowListQuery;
import org.dbos4j.internal.sysdb.WorkflowRow;
import org.dbos4j.internal.sysdb.WorkflowStatusDao;
import org.dbos4j.internal.time.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * What operators do with recorded workflows: list them, list their steps, read one's status, fork
 * and delete them. The one implementation behind {@code DBOS.listWorkflows} and friends, {@code
 * DBOSClient} and the admin server. It reads and writes the system database only: a launched
 * process and a client build it alike, from the database, the codecs and a lookup of registered
 * workflows (which in a client finds none: values are then read as the classes recorded with them,
 * where the client has and allows them).
 */
public final class WorkflowManagement {

  private final WorkflowStatusDao statuses;
  private final WorkflowListQuery listing;
  private final StepListQuery steps;
  private final WorkflowStatusReader reader;
  private final WorkflowForksDao forks;
  private final WorkflowDeletionDao deletions;
  private final JsonCodec codec;
  private final ErrorCodec errors;
  private final TimeSource time;

  /**
   * @param types the workflows registered in this process, whose types recorded values are read as;
   *     a client passes one that finds none
   */
  public WorkflowManagement(
      SystemDatabase database,
      JsonCodec codec,
      ErrorCodec errors,
      WorkflowHandles.WorkflowTypes types,
      TimeSource time) {
    this.statuses = new WorkflowStatusDao(database);
    this.listing = new WorkflowListQuery(database);
    this.steps = new StepListQuery(database);
    this.reader = new WorkflowStatusReader(codec, errors, types);
    this.forks = new WorkflowForksDao(database);
    this.deletions = new WorkflowDeletionDao(database);
    this.codec = codec;
    this.errors = errors;
    this.time = time;
  }

  /** The workflows that match {@code input}, in its order and page (1 round trip). */
  public List<WorkflowStatus> listWorkflows(ListWorkflowsInput input) {
    return read(listing.list(input, false));
  }

  /**
   * The workflows that were enqueued and match {@code input}: by default those still waiting on or
   * running from their queue (ENQUEUED, DELAYED or PENDING), unless {@code input} names states (1
   * round trip).
   */
  public List<WorkflowStatus> listQueued(ListWorkflowsInput input) {
    return read(listing.list(input, true));
  }

  /**
   * The recorded operations of a workflow in step order (1 round trip; 2 when it has none, to tell
   * a workflow without steps from an unknown one).
   *
   * @throws DBOSNonExistentWorkflowException if no workflow has this ID
   */
  public List<StepInfo> listWorkflowSteps(String workflowId) {
    List<StepListQuery.StepRow> rows = steps.list(workflowId);
    if (rows.isEmpty() && statuses.find(workflowId) == null) {
      throw new DBOSNonExistentWorkflowException(workflowId);
    }
    List<StepInfo> infos = new ArrayList<>(rows.size());
    for (StepListQuery.StepRow row : rows) {
      infos.add(
          new StepInfo(
              row.functionId(),
              row.functionName(),
              row.output() == null ? null : codec.readForDisplay(row.output(), codec.objectType()),
              row.error() == null ? null : errors.read(row.error()),
              row.childWorkflowId(),
              WorkflowStatusReader.instant(row.startedAt()),
              WorkflowStatusReader.instant(row.completedAt())));
    }
    return infos;
  }

  /** The status of a workflow, or null if no workflow has this ID (1 round trip). */
  public @Nullable WorkflowStatus status(String workflowId) {
    WorkflowRow row = statuses.find(workflowId);
    return row == null ? null : reader.read(row);
  }

  /**
   * Records a fork of {@code workflowId} that runs from step {@code startStep}: a new workflow,
   * PENDING and owned by no process, whose operations numbered below {@code startStep} (and the
   * events they set) are copied from the original, so they are not run again. Nothing runs it yet:
   * the caller starts it, or leaves it for a process of its executor and application version to
   * recover (see {@link WorkflowForksDao}).
   *
   * @param appVersion the version that runs the fork unless {@code options} names one; null for the
   *     original's
   * @param executorId the executor that should recover the fork; null for the original's
   * @return the fork's row
   * @throws IllegalArgumentException if {@code startStep} is below 1
   * @throws DBOSNonExistentWorkflowException if no workflow has this ID
   * @throws DBOSException if the fork's ID is taken
   */
  public WorkflowRow fork(
      String workflowId,
      int startStep,
      ForkOptions options,
      @Nullable String appVersion,
      @Nullable String executorId) {
    WorkflowIds.check(workflowId);
    Objects.requireNonNull(options, "options");
    if (startStep < 1) {
      throw new IllegalArgumentException("startStep must be 1 or more, got " + startStep);
    }
    String forkId =
        options.forkedWorkflowId() != null
            ? options.forkedWorkflowId()
            : UUID.randomUUID().toString();
    WorkflowRow fork =
        forks.fork(
            workflowId,
            forkId,
            startStep,
            executorId,
            options.appVersion() != null ? options.appVersion() : appVersion,
            options.timeout() == null ? null : options.timeout().toMillis(),
            time.millis());
    if (fork == null) {
      throw new DBOSNonExistentWorkflowException(workflowId);
    }
    return fork;
  }

  /**
   * Deletes a workflow with everything recorded for it (steps, messages to it, events) and, if
   * {@code withChildren}, its children recursively, in one transaction. An unknown ID is no error:
   * nothing is deleted. A deleted workflow's ID may be used again.
   */
  public void delete(String workflowId, boolean withChildren) {
    WorkflowIds.check(workflowId);
    deletions.delete(workflowId, withChildren);
  }

  private List<WorkflowStatus> read(List<WorkflowRow> rows) {
    List<WorkflowStatus> list = new ArrayList<>(rows.size());
    for (WorkflowRow row : rows) {
      list.add(reader.read(row));
    }
    return list;
  }
}
