package org.dbos4j.internal.execution;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.dbos4j.DBOSNonExistentWorkflowException;
import org.dbos4j.WorkflowHandle;
import org.dbos4j.WorkflowStatus;
import org.dbos4j.internal.context.WorkflowFrame;
import org.dbos4j.internal.registry.RegisteredWorkflow;
import org.dbos4j.internal.sysdb.OperationOutputsDao;
import org.dbos4j.internal.sysdb.WorkflowRow;
import org.dbos4j.internal.time.CancelToken;
import org.jspecify.annotations.Nullable;

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

  private final WorkflowOutcomes outcomes;
  private final RunningWorkflows running;
  private final WorkflowTypes types;
  private final WorkflowStatusReader statuses;
  private final AwaitedResults awaited;
  private final Executor executor;

  /**
   * @param running the executions of this process
   * @param types the registered workflows, whose return and parameter types recorded values are
   *     read as
   * @param operations where a workflow body's {@code getResult()} is checkpointed
   * @param executor where {@code getResultAsync} waits for a workflow of another process
   */
  public WorkflowHandles(
      WorkflowOutcomes outcomes,
      RunningWorkflows running,
      WorkflowTypes types,
      OperationOutputsDao operations,
      Executor executor) {
    this.outcomes = outcomes;
    this.running = running;
    this.types = types;
    this.statuses = new WorkflowStatusReader(outcomes.codec(), outcomes.errors(), types);
    this.awaited =
        new AwaitedResults(operations, outcomes.codec(), outcomes.errors(), outcomes.time());
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
      CallerContext caller = CallerContext.current();
      try {
        if (caller.inWorkflowBody()) {
          WorkflowFrame wf = caller.workflow();
          return (R)
              awaited.result(wf, wf.nextFunctionId(), workflowId, () -> result(wf.cancelToken()));
        }
        return (R) result(caller.cancelToken());
      } catch (Throwable t) {
        throw Throwables.sneakyThrow(t);
      }
    }

    /** The outcome, from the execution this handle started or else from the workflow's row. */
    private @Nullable Object result(@Nullable CancelToken cancel) throws Throwable {
      return outcome != null ? outcomes.await(outcome, cancel) : awaitResult(workflowId, cancel);
    }

    /**
     * In a workflow body, the position of the {@code DBOS.getResult} is taken now, in call order,
     * and the wait runs on the executor.
     */
    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<R> getResultAsync() {
      CallerContext caller = CallerContext.current();
      if (caller.inWorkflowBody()) {
        WorkflowFrame wf = caller.workflow();
        int functionId = wf.nextFunctionId();
        return CompletableFuture.supplyAsync(
            () -> {
              try {
                return (R)
                    awaited.result(wf, functionId, workflowId, () -> result(wf.cancelToken()));
              } catch (Throwable t) {
                throw Throwables.sneakyThrow(t);
              }
            },
            executor);
      }
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
      return statuses.read(row);
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
  private @Nullable Object awaitResult(String workflowId, @Nullable CancelToken cancel)
      throws Throwable {
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
}
