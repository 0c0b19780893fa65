package org.dbos4j.internal.execution;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.dbos4j.DBOSException;
import org.dbos4j.DBOSUnexpectedStepException;
import org.dbos4j.DBOSWorkflowCancelledException;
import org.dbos4j.DBOSWorkflowConflictException;
import org.dbos4j.WorkflowState;
import org.dbos4j.internal.context.ContextScope;
import org.dbos4j.internal.context.DBOSContext;
import org.dbos4j.internal.context.WorkflowFrame;
import org.dbos4j.internal.notify.WakeupSignals;
import org.dbos4j.internal.registry.RegisteredWorkflow;
import org.dbos4j.internal.serialize.ErrorCodec;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.sysdb.NewWorkflow;
import org.dbos4j.internal.sysdb.OperationOutputsDao;
import org.dbos4j.internal.sysdb.RecordedOperation;
import org.dbos4j.internal.sysdb.StartedWorkflow;
import org.dbos4j.internal.sysdb.SystemDatabaseException;
import org.dbos4j.internal.sysdb.WorkflowRow;
import org.dbos4j.internal.sysdb.WorkflowStatusDao;
import org.dbos4j.internal.time.CancelToken;
import org.dbos4j.internal.time.TimeSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Starts and runs workflows.
 *
 * <p>Every start goes through {@link #admit}: choose the ID, serialize the input (so a bad argument
 * fails before anything is recorded), claim the ID in this process, and record the start in one
 * round trip. The answer says whether the workflow is new (run it with no history), already
 * finished (return the recorded outcome), or pending (load its recorded steps once, then replay). A
 * direct call runs the body on the caller's thread; {@code startWorkflow} and recovery run it on
 * the workflow executor. The outcome is recorded in one more round trip.
 */
public final class WorkflowRunner {
  /** MDC key holding the ID of the workflow running on a thread. */
  public static final String MDC_WORKFLOW_ID = "dbos.workflow_id";

  private static final Logger log = LoggerFactory.getLogger(WorkflowRunner.class);

  private final WorkflowStatusDao statuses;
  private final OperationOutputsDao operations;
  private final JsonCodec codec;
  private final ErrorCodec errors;
  private final TimeSource time;
  private final ExecutorService executor;
  private final String executorId;
  private final String appVersion;
  private final WakeupSignals signals;
  private final RunningWorkflows running = new RunningWorkflows();
  private final StrandedExecutions stranded;
  private volatile boolean closed;

  public WorkflowRunner(
      WorkflowStatusDao statuses,
      OperationOutputsDao operations,
      JsonCodec codec,
      ErrorCodec errors,
      TimeSource time,
      ExecutorService executor,
      String executorId,
      String appVersion,
      WakeupSignals signals) {
    this.signals = signals;
    this.statuses = statuses;
    this.operations = operations;
    this.codec = codec;
    this.errors = errors;
    this.time = time;
    this.executor = executor;
    this.executorId = executorId;
    this.appVersion = appVersion;
    this.stranded = new StrandedExecutions(statuses, this::resume);
  }

  /** A workflow called directly through its proxy: runs on the caller's thread. */
  public @Nullable Object call(RegisteredWorkflow wf, Object[] args) throws Throwable {
    Admission a = admit(wf, args, null, null);
    return a.execution == null
        ? await(Objects.requireNonNull(a.outcome), CallerContext.current().cancelToken())
        : execute(a);
  }

  /** A workflow started in the background, and its outcome in this process. */
  public record Started(String workflowId, CompletableFuture<@Nullable Object> outcome) {}

  /**
   * Starts a workflow in the background; returns once its start is recorded. The outcome is the
   * execution's in this process, or the recorded or running one the start attached to.
   */
  public Started start(RegisteredWorkflow wf, Object[] args, @Nullable String workflowId) {
    Admission a = admit(wf, args, workflowId, null);
    if (a.execution != null) {
      submit(a);
      return new Started(a.workflowId, a.execution.result());
    }
    return new Started(a.workflowId, Objects.requireNonNull(a.outcome));
  }

  /**
   * Resumes a PENDING workflow in the background (found at launch, or stopped by an outage of the
   * system database); returns its outcome.
   */
  CompletableFuture<@Nullable Object> resume(RegisteredWorkflow wf, WorkflowRow row) {
    Object[] args = codec.readArgs(row.inputs() == null ? "[]" : row.inputs(), wf.parameterTypes());
    Admission a = admit(wf, args, row.workflowId(), row.inputs());
    if (a.execution != null) {
      submit(a);
      return a.execution.result();
    }
    return Objects.requireNonNull(a.outcome);
  }

  /** The in-process execution of {@code workflowId}, or null if it is not running here. */
  @Nullable CompletableFuture<@Nullable Object> runningResult(String workflowId) {
    RunningWorkflows.Execution e = running.get(workflowId);
    return e == null ? null : e.result();
  }

  /** Stops accepting work; executions under way are left PENDING, to be recovered. */
  public void close() {
    closed = true;
    stranded.close();
  }

  /** What {@link #admit} decided: run the body ({@code execution} set) or wait for an outcome. */
  private static final class Admission {
    final String workflowId;
    final RegisteredWorkflow workflow;
    final Object[] args;
    final boolean created;
    /* Set when this admission must run the body. */
    final RunningWorkflows.@Nullable Execution execution;
    /* Set when the outcome comes from elsewhere: a recorded result, or a running execution. */
    final @Nullable CompletableFuture<@Nullable Object> outcome;

    Admission(
        String workflowId,
        RegisteredWorkflow workflow,
        Object[] args,
        boolean created,
        RunningWorkflows.@Nullable Execution execution,
        @Nullable CompletableFuture<@Nullable Object> outcome) {
      this.workflowId = workflowId;
      this.workflow = workflow;
      this.args = args;
      this.created = created;
      this.execution = execution;
      this.outcome = outcome;
    }
  }

  private Admission admit(
      RegisteredWorkflow wf,
      Object[] args,
      @Nullable String explicitId,
      @Nullable String recordedInputs) {
    checkOpen();
    // A recovered workflow is started by launch(), whatever context the launching thread has.
    DBOSContext ctx = recordedInputs != null ? null : DBOSContext.current();
    if (ctx != null && ctx.stepName() != null) {
      throw new DBOSException(
          "Cannot start workflow '"
              + wf.name()
              + "' inside step '"
              + ctx.stepName()
              + "'; start workflows from the workflow itself");
    }
    WorkflowFrame parent = ctx == null ? null : ctx.workflow();
    int parentFunctionId = parent == null ? 0 : parent.nextFunctionId();
    RecordedOperation recordedChild = parent == null ? null : parent.recorded(parentFunctionId);
    String workflowId = chooseId(wf, explicitId, ctx, parent, parentFunctionId, recordedChild);
    String inputs =
        recordedInputs != null ? recordedInputs : codec.writeArgs(args, wf.parameterTypes());

    CompletableFuture<@Nullable Object> result = new CompletableFuture<>();
    RunningWorkflows.Execution mine =
        new RunningWorkflows.Execution(wf.name(), result, new CancelToken(workflowId));
    RunningWorkflows.Execution existing = running.claim(workflowId, mine);
    if (existing != null) {
      if (!existing.name().equals(wf.name())) {
        throw new DBOSWorkflowConflictException(workflowId, existing.name(), wf.name());
      }
      return new Admission(workflowId, wf, args, false, null, existing.result());
    }
    StartedWorkflow started;
    try {
      NewWorkflow row =
          new NewWorkflow(
              workflowId,
              wf.name(),
              wf.className(),
              wf.instanceName(),
              inputs,
              executorId,
              appVersion,
              parent == null ? null : parent.workflowId(),
              time.millis());
      if (recordedInputs != null) {
        started = statuses.restart(row); // recovery: the row exists
      } else if (parent != null && recordedChild == null) {
        started = statuses.startChild(row, parent.workflowId(), parentFunctionId);
      } else {
        started = statuses.start(row);
      }
    } catch (RuntimeException e) {
      running.release(workflowId, mine);
      result.completeExceptionally(e);
      throw e;
    }
    WorkflowRow row = started.row();
    if (!started.created() && !row.name().equals(wf.name())) {
      RuntimeException conflict =
          new DBOSWorkflowConflictException(workflowId, row.name(), wf.name());
      running.release(workflowId, mine);
      result.completeExceptionally(conflict);
      throw conflict;
    }
    WorkflowState state = WorkflowState.valueOf(row.status());
    if (state.isTerminal()) {
      running.release(workflowId, mine);
      completeFromRow(result, row, wf);
      return new Admission(workflowId, wf, args, false, null, result);
    }
    return new Admission(workflowId, wf, args, started.created(), mine, null);
  }

  private static String chooseId(
      RegisteredWorkflow wf,
      @Nullable String explicitId,
      @Nullable DBOSContext ctx,
      @Nullable WorkflowFrame parent,
      int parentFunctionId,
      @Nullable RecordedOperation recordedChild) {
    String assigned = ctx == null ? null : ctx.takeNextWorkflowId();
    if (parent != null && recordedChild != null) {
      if (recordedChild.childWorkflowId() == null
          || !recordedChild.functionName().equals(wf.name())) {
        throw new DBOSUnexpectedStepException(
            parent.workflowId(), parentFunctionId, recordedChild.functionName(), wf.name());
      }
      return recordedChild.childWorkflowId();
    }
    if (explicitId != null) {
      return explicitId;
    }
    if (assigned != null) {
      return assigned;
    }
    if (parent != null) {
      return parent.workflowId() + "-" + parentFunctionId;
    }
    return UUID.randomUUID().toString();
  }

  private void submit(Admission a) {
    try {
      executor.execute(
          () -> {
            try {
              execute(a);
            } catch (Throwable t) {
              log.debug("workflow {} ended with {}", a.workflowId, t.toString());
            }
          });
    } catch (RejectedExecutionException e) {
      running.release(a.workflowId, a.execution);
      a.execution.result().completeExceptionally(e);
      throw new DBOSException(
          "Workflow "
              + a.workflowId
              + " is recorded but could not be started now; it stays"
              + " PENDING and will be recovered",
          e);
    }
  }

  /** Runs the body of an admitted workflow on the current thread and records its outcome. */
  private @Nullable Object execute(Admission a) throws Throwable {
    RunningWorkflows.Execution execution = a.execution;
    CompletableFuture<@Nullable Object> result = execution.result();
    ContextScope scope = ContextScope.open();
    DBOSContext ctx = scope.context();
    WorkflowFrame outerWorkflow = ctx.workflow();
    String outerStep = ctx.stepName();
    int outerStepFunctionId = ctx.stepFunctionId();
    String outerNextId = ctx.nextWorkflowId();
    String outerMdc = MDC.get(MDC_WORKFLOW_ID);
    try {
      Map<Integer, RecordedOperation> recorded =
          a.created ? Map.of() : operations.loadAll(a.workflowId);
      ctx.setWorkflow(
          new WorkflowFrame(a.workflowId, a.workflow.name(), recorded, execution.cancel()));
      ctx.setStep(null, 0);
      ctx.setNextWorkflowId(null);
      MDC.put(MDC_WORKFLOW_ID, a.workflowId);
      Object value;
      try {
        value = a.workflow.invoke(a.args);
      } catch (Throwable failure) {
        recordFailure(a.workflowId, failure);
        throw failure;
      }
      String output;
      try {
        output = codec.write(value, a.workflow.returnType());
      } catch (DBOSException unserializable) {
        recordFailure(a.workflowId, unserializable);
        throw unserializable;
      }
      statuses.complete(a.workflowId, WorkflowState.SUCCESS.name(), output, null, time.millis());
      signals.fire(WakeupSignals.statusKey(a.workflowId));
      result.complete(value);
      return value;
    } catch (Throwable t) {
      if (t instanceof SystemDatabaseException e && e.outage() && !closed) {
        // Handles wait on: the resumed execution completes the same outcome.
        stranded.add(a.workflowId, a.workflow, result);
      } else {
        result.completeExceptionally(t);
      }
      throw t;
    } finally {
      running.release(a.workflowId, execution);
      ctx.setWorkflow(outerWorkflow);
      ctx.setStep(outerStep, outerStepFunctionId);
      ctx.setNextWorkflowId(outerNextId);
      if (outerMdc == null) {
        MDC.remove(MDC_WORKFLOW_ID);
      } else {
        MDC.put(MDC_WORKFLOW_ID, outerMdc);
      }
      scope.close();
    }
  }

  /**
   * Records a workflow's failure, unless the failure means the outcome cannot be trusted or
   * recorded (the system database failed, the process is shutting down): then the workflow stays
   * PENDING and recovery runs it again. A cancelled workflow's state is its canceller's to record.
   */
  private void recordFailure(String workflowId, Throwable failure) {
    if (failure instanceof SystemDatabaseException
        || failure instanceof DBOSWorkflowCancelledException
        || failure instanceof Error
        || closed) {
      return;
    }
    statuses.complete(
        workflowId, WorkflowState.ERROR.name(), null, errors.write(failure), time.millis());
    signals.fire(WakeupSignals.statusKey(workflowId));
  }

  /** Completes {@code result} with the recorded outcome of a finished workflow. */
  void completeFromRow(
      CompletableFuture<@Nullable Object> result,
      WorkflowRow row,
      @Nullable RegisteredWorkflow wf) {
    try {
      result.complete(recordedOutcome(row, wf));
    } catch (Throwable t) {
      result.completeExceptionally(t);
    }
  }

  /** The recorded result of a finished workflow, or its recorded exception thrown. */
  @Nullable Object recordedOutcome(WorkflowRow row, @Nullable RegisteredWorkflow wf)
      throws Throwable {
    switch (WorkflowState.valueOf(row.status())) {
      case SUCCESS:
        return row.output() == null
            ? null
            : codec.read(row.output(), wf == null ? codec.objectType() : wf.returnType());
      case ERROR:
        throw row.error() == null
            ? new DBOSException("Workflow " + row.workflowId() + " failed without a recorded error")
            : errors.read(row.error());
      case CANCELLED:
        throw new org.dbos4j.DBOSAwaitedWorkflowCancelledException(row.workflowId());
      default:
        throw new DBOSException(
            "Workflow " + row.workflowId() + " ended in state " + row.status() + " with no result");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new DBOSException("DBOS has been shut down; call DBOS.launch() again to run workflows");
    }
  }

  /**
   * Waits for an execution's outcome, rethrowing the workflow's own exception.
   *
   * @param cancel the cancel token of the waiting execution, which ends the wait; null outside one
   */
  @Nullable Object await(CompletableFuture<@Nullable Object> outcome, @Nullable CancelToken cancel)
      throws Throwable {
    if (!outcome.isDone()) {
      Thread waiting = Thread.currentThread();
      outcome.whenComplete((value, failure) -> LockSupport.unpark(waiting));
      time.awaitUntil(outcome::isDone, Long.MAX_VALUE, cancel, outcome);
    }
    try {
      return outcome.join();
    } catch (CompletionException e) {
      throw e.getCause() == null ? e : e.getCause();
    } catch (CancellationException e) {
      throw new DBOSException("Workflow execution was cancelled", e);
    }
  }

  /**
   * Cancels the execution of {@code workflowId} in this process, if one runs: its waits wake and
   * throw {@link DBOSWorkflowCancelledException}. The workflow's state is not changed here.
   *
   * @return whether an execution was running here
   */
  public boolean cancelExecution(String workflowId) {
    RunningWorkflows.Execution e = running.get(workflowId);
    if (e == null) {
      return false;
    }
    e.cancel().cancel();
    return true;
  }

  ExecutorService executor() {
    return executor;
  }

  WorkflowStatusDao statuses() {
    return statuses;
  }

  JsonCodec codec() {
    return codec;
  }

  WakeupSignals signals() {
    return signals;
  }

  TimeSource time() {
    return time;
  }

  ErrorCodec errorCodec() {
    return errors;
  }
}
