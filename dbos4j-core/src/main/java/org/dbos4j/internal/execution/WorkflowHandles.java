package org.dbos4j.internal.execution;

import com.fasterxml.jackson.databind.JavaType;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.dbos4j.DBOSException;
import org.dbos4j.DBOSNonExistentWorkflowException;
import org.dbos4j.WorkflowHandle;
import org.dbos4j.WorkflowState;
import org.dbos4j.WorkflowStatus;
import org.dbos4j.internal.registry.RegisteredWorkflow;
import org.dbos4j.internal.serialize.CallerCodec;
import org.dbos4j.internal.sysdb.WorkflowRow;
import org.dbos4j.internal.time.CancelToken;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles on workflows by ID, built on the outcomes in the system database. A handle on a workflow
 * running in this process waits on its execution; otherwise it reads the workflow's row until the
 * workflow has finished.
 */
public final class WorkflowHandles {
  /**
   * Finds the registered workflow a row names, whose types its values are read as; a process that
   * registered none (a client) reads them as plain JSON values.
   */
  @FunctionalInterface
  public interface WorkflowTypes {
    @Nullable RegisteredWorkflow workflow(String name, @Nullable String instanceName);
  }

  private static final Logger log = LoggerFactory.getLogger(WorkflowHandles.class);

  private final WorkflowOutcomes outcomes;
  private final RunningWorkflows running;
  private final WorkflowTypes types;
  private final Executor executor;

  /**
   * @param running the executions of this process
   * @param types the registered workflows, whose return and parameter types recorded values are
   *     read as
   * @param executor where {@code getResultAsync} waits for a workflow of another process
   */
  public WorkflowHandles(
      WorkflowOutcomes outcomes, RunningWorkflows running, WorkflowTypes types, Executor executor) {
    this.outcomes = outcomes;
    this.running = running;
    this.types = types;
    this.executor = executor;
  }

  /**
   * A handle on {@code workflowId}.
   *
   * @param mustExist if true, fail now when no such workflow is recorded (or running here)
   */
  public <R extends @Nullable Object> WorkflowHandle<R> handle(
      String workflowId, boolean mustExist) {
    if (mustExist && running.get(workflowId) == null && outcomes.find(workflowId) == null) {
      throw new DBOSNonExistentWorkflowException(workflowId);
    }
    return new Handle<>(workflowId, null);
  }

  /**
   * A handle on a workflow this process has just started: its result is the outcome of the
   * execution the start ran or attached to, kept in memory, so reading it costs no round trip even
   * after the workflow has finished.
   */
  public <R extends @Nullable Object> WorkflowHandle<R> started(WorkflowStarts.Started started) {
    return new Handle<>(started.workflowId(), started.outcome());
  }

  private final class Handle<R extends @Nullable Object> implements WorkflowHandle<R> {
    private final String workflowId;
    private final @Nullable CompletableFuture<@Nullable Object> outcome;

    Handle(String workflowId, @Nullable CompletableFuture<@Nullable Object> outcome) {
      this.workflowId = workflowId;
      this.outcome = outcome;
    }

    @Override
    public String workflowId() {
      return workflowId;
    }

    @Override
    @SuppressWarnings("unchecked")
    public R getResult() {
      try {
        return (R)
            (outcome != null
                ? outcomes.await(outcome, CallerContext.current().cancelToken())
                : awaitResult(workflowId));
      } catch (Throwable t) {
        throw Throwables.sneakyThrow(t);
      }
    }

    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<R> getResultAsync() {
      CompletableFuture<@Nullable Object> inProcess =
          outcome != null ? outcome : runningOutcome(workflowId);
      if (inProcess != null) {
        return (CompletableFuture<R>) inProcess.thenApply(v -> v);
      }
      return CompletableFuture.supplyAsync(this::getResult, executor);
    }

    @Override
    public WorkflowStatus getStatus() {
      WorkflowRow row = outcomes.find(workflowId);
      if (row == null) {
        throw new DBOSNonExistentWorkflowException(workflowId);
      }
      return status(row);
    }

    @Override
    public String toString() {
      return "WorkflowHandle[" + workflowId + "]";
    }
  }

  /**
   * The result of a workflow: from its execution if it runs in this process, otherwise from its row
   * once it has finished.
   */
  private @Nullable Object awaitResult(String workflowId) throws Throwable {
    CancelToken cancel = CallerContext.current().cancelToken();
    CompletableFuture<@Nullable Object> inProcess = runningOutcome(workflowId);
    if (inProcess != null) {
      return outcomes.await(inProcess, cancel);
    }
    WorkflowRow row = outcomes.awaitFinished(workflowId, cancel);
    return outcomes.decode(row, types.workflow(row.name(), row.instanceName()));
  }

  private @Nullable CompletableFuture<@Nullable Object> runningOutcome(String workflowId) {
    WorkflowExecution execution = running.get(workflowId);
    return execution == null ? null : execution.outcome();
  }

  private WorkflowStatus status(WorkflowRow row) {
    RegisteredWorkflow wf = types.workflow(row.name(), row.instanceName());
    WorkflowState state = row.state();
    if (state == null) {
      throw WorkflowOutcomes.unknownState(row);
    }
    Object output = null;
    Throwable error = null;
    if (state == WorkflowState.SUCCESS && row.output() != null) {
      output =
          readOrNull(
              row.output(), wf == null ? outcomes.codec().objectType() : wf.returnType(), row);
    }
    if (row.error() != null) {
      error = outcomes.errors().read(row.error());
    }
    Object[] input = null;
    if (row.inputs() != null) {
      try {
        input = outcomes.codec().readArgs(row.inputs(), wf == null ? null : wf.parameterTypes());
      } catch (DBOSException e) {
        log.debug("cannot read the input of workflow {}: {}", row.workflowId(), e.getMessage());
      }
    }
    return new WorkflowStatus(
        row.workflowId(),
        state,
        row.name(),
        row.className(),
        row.instanceName(),
        row.caller().authenticatedUser(),
        row.caller().assumedRole(),
        CallerCodec.readRoles(row.caller().authenticatedRoles()),
        input,
        output,
        error,
        row.queueName(),
        row.executorId(),
        row.appVersion(),
        row.recoveryAttempts(),
        Instant.ofEpochMilli(row.createdAt()),
        Instant.ofEpochMilli(row.updatedAt()),
        row.parentWorkflowId(),
        row.forkedFrom(),
        row.priority(),
        row.deduplicationId(),
        row.partitionKey(),
        row.timeoutMillis() == null ? null : Duration.ofMillis(row.timeoutMillis()),
        instant(row.deadlineMillis()),
        instant(row.startedAt()),
        instant(row.completedAt()));
  }

  private static @Nullable Instant instant(@Nullable Long epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
  }

  private @Nullable Object readOrNull(String json, JavaType type, WorkflowRow row) {
    try {
      return outcomes.codec().read(json, type);
    } catch (DBOSException e) {
      log.debug("cannot read the output of workflow {}: {}", row.workflowId(), e.getMessage());
      return null;
    }
  }
}
