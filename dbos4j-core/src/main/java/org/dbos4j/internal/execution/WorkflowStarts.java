package org.dbos4j.internal.execution;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.dbos4j.DBOSException;
import org.dbos4j.DBOSUnexpectedStepException;
import org.dbos4j.DBOSWorkflowConflictException;
import org.dbos4j.WorkflowState;
import org.dbos4j.internal.context.DBOSContext;
import org.dbos4j.internal.context.Identity;
import org.dbos4j.internal.context.WorkflowFrame;
import org.dbos4j.internal.registry.RegisteredWorkflow;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.sysdb.NewWorkflow;
import org.dbos4j.internal.sysdb.OperationOutputsDao;
import org.dbos4j.internal.sysdb.RecordedOperation;
import org.dbos4j.internal.sysdb.StartedWorkflow;
import org.dbos4j.internal.sysdb.WorkflowRow;
import org.dbos4j.internal.sysdb.WorkflowStatusDao;
import org.dbos4j.internal.time.TimeSource;
import org.dbos4j.internal.tracing.Tracing;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ways a workflow starts: called through its proxy (the body runs on the caller's thread),
 * started in the background, or resumed (at launch, or after an outage stopped it).
 *
 * <p>Every start is admitted the same way: choose the ID, serialize the input (so a bad argument
 * fails before anything is recorded), claim the ID in this process, and record the start in one
 * round trip, with the caller's identity, HTTP request and trace context (see {@link
 * WorkflowCaller}). The answer says whether the workflow is new (run it with no history), already
 * finished (its recorded outcome), or pending (a {@link WorkflowExecution} loads its recorded steps
 * once, then replays). Background and resumed executions run on the workflow executor.
 *
 * <p>A timeout becomes a deadline in the start's row (no round trip of its own): the start's time
 * plus the timeout, or the parent's deadline if that is earlier, so children inherit it. Every
 * execution is admitted with the deadline its row records, and {@link WorkflowTimeouts} cancels it
 * there. A row that is neither PENDING nor finished (ENQUEUED, or a state this version does not
 * know) is not run by a start: the start waits for its outcome.
 */
public final class WorkflowStarts implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkflowStarts.class);

  private final WorkflowStatusDao statuses;
  private final OperationOutputsDao operations;
  private final DeferredCheckpoints checkpoints;
  private final JsonCodec codec;
  private final WorkflowOutcomes outcomes;
  private final RunningWorkflows running;
  private final TimeSource time;
  private final ExecutorService executor;
  private final String executorId;
  private final String appVersion;
  private final String processId;
  private final StrandedExecutions stranded;
  private final WorkflowTimeouts timeouts;
  private final Tracing tracing;
  private volatile boolean closed;

  public WorkflowStarts(
      WorkflowStatusDao statuses,
      OperationOutputsDao operations,
      DeferredCheckpoints checkpoints,
      WorkflowOutcomes outcomes,
      RunningWorkflows running,
      TimeSource time,
      ExecutorService executor,
      String executorId,
      String appVersion,
      String processId,
      WorkflowTimeouts timeouts,
      Tracing tracing) {
    this.statuses = statuses;
    this.operations = operations;
    this.checkpoints = checkpoints;
    this.codec = outcomes.codec();
    this.outcomes = outcomes;
    this.running = running;
    this.time = time;
    this.executor = executor;
    this.executorId = executorId;
    this.appVersion = appVersion;
    this.processId = processId;
    this.timeouts = timeouts;
    this.tracing = tracing;
    this.stranded = new StrandedExecutions(statuses, this::resume);
  }

  /** A workflow called directly through its proxy: runs on the caller's thread. */
  public @Nullable Object call(RegisteredWorkflow wf, Object[] args) throws Throwable {
    DBOSContext ctx = DBOSContext.current();
    Admission a = admit(wf, args, null, ctx == null ? Identity.NONE : ctx.identity(), null, null);
    if (a.execution == null) {
      return outcomes.await(a.outcome(), CallerContext.current().cancelToken());
    }
    return runHere(a.execution, a.firstExecution);
  }

  /** A workflow started in the background, and its outcome in this process. */
  public record Started(String workflowId, CompletableFuture<@Nullable Object> outcome) {}

  /**
   * Starts a workflow in the background; returns once its start is recorded. The outcome is the
   * execution's in this process, or the recorded or running one the start attached to.
   *
   * @param identity who starts it (with the role a required-roles check assumed)
   * @param timeout how long it may run before it is cancelled; null for no limit of its own
   */
  public Started start(
      RegisteredWorkflow wf,
      Object[] args,
      @Nullable String workflowId,
      Identity identity,
      @Nullable Duration timeout) {
    Admission a = admit(wf, args, workflowId, identity, null, timeout);
    if (a.execution != null) {
      submit(a.execution, a.firstExecution);
    }
    return new Started(a.workflowId, a.outcome());
  }

  /**
   * Resumes a PENDING workflow in the background (found at launch, or stopped by an outage of the
   * system database); returns its outcome.
   */
  public CompletableFuture<@Nullable Object> resume(RegisteredWorkflow wf, WorkflowRow row) {
    Object[] args = codec.readArgs(row.inputs() == null ? "[]" : row.inputs(), wf.parameterTypes());
    Admission a = admit(wf, args, row.workflowId(), Identity.NONE, row, null);
    if (a.execution != null) {
      submit(a.execution, a.firstExecution);
    }
    return a.outcome();
  }

  /** Stops accepting work; executions under way are left PENDING, to be recovered. */
  @Override
  public void close() {
    closed = true;
    stranded.close();
  }

  /**
   * What admission decided: run an execution (with no history to load if it is the workflow's
   * first), or wait for an outcome from elsewhere (a recorded result, an execution already running
   * here, or one of another live process).
   */
  private record Admission(
      String workflowId,
      @Nullable WorkflowExecution execution,
      boolean firstExecution,
      @Nullable CompletableFuture<@Nullable Object> attached) {
    CompletableFuture<@Nullable Object> outcome() {
      return execution != null ? execution.outcome() : Objects.requireNonNull(attached);
    }
  }

  /**
   * @param identity the caller's identity; ignored for a resumed workflow, which has its own
   * @param resumed the row of a workflow being resumed; null for a new start
   * @param timeout the workflow's own timeout, or null
   */
  private Admission admit(
      RegisteredWorkflow wf,
      Object[] args,
      @Nullable String explicitId,
      Identity identity,
      @Nullable WorkflowRow resumed,
      @Nullable Duration timeout) {
    if (closed) {
      throw new DBOSException("DBOS has been shut down; call DBOS.launch() again to run workflows");
    }
    // A resumed workflow is started by launch() or the outage timer, whatever their context.
    DBOSContext ctx = resumed != null ? null : DBOSContext.current();
    if (ctx != null && ctx.stepName() != null) {
      throw new DBOSException(
          "Cannot start workflow '"
              + wf.name()
              + "' inside "
              + ctx.stepDescription()
              + "; start workflows from the workflow itself");
    }
    WorkflowFrame parent = ctx == null ? null : ctx.workflow();
    int parentFunctionId = parent == null ? 0 : parent.nextFunctionId();
    RecordedOperation recordedChild = parent == null ? null : parent.recorded(parentFunctionId);
    String workflowId = chooseId(wf, explicitId, ctx, parent, parentFunctionId, recordedChild);
    String inputs =
        resumed != null && resumed.inputs() != null
            ? resumed.inputs()
            : codec.writeArgs(args, wf.parameterTypes());
    WorkflowCaller caller = caller(wf, workflowId, identity, ctx, resumed);

    // Claimed before the row is written, so a second start here attaches instead of racing.
    WorkflowExecution claimed = new WorkflowExecution(workflowId, wf, args, caller);
    WorkflowExecution existing = running.claim(claimed);
    if (existing != null) {
      caller.span().end();
      if (!existing.workflow().name().equals(wf.name())) {
        throw new DBOSWorkflowConflictException(workflowId, existing.workflow().name(), wf.name());
      }
      return new Admission(workflowId, null, false, existing.outcome());
    }
    StartedWorkflow started;
    try {
      long now = time.millis();
      Long deadline =
          earlier(
              timeout == null ? null : TimeSource.millisAfter(now, timeout),
              parent == null ? null : deadlineOf(parent.workflowId()));
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
              caller.recorded(),
              processId,
              now,
              timeout == null ? null : timeout.toMillis(),
              deadline);
      if (resumed != null) {
        started = statuses.restart(row);
      } else if (parent != null && recordedChild == null) {
        started = statuses.startChild(row, parent.workflowId(), parentFunctionId);
      } else {
        started = statuses.start(row);
      }
    } catch (RuntimeException e) {
      Tracing.fail(caller.span(), e);
      caller.span().end();
      running.release(claimed);
      claimed.outcome().completeExceptionally(e);
      throw e;
    }
    WorkflowRow row = started.row();
    if (!started.created() && !row.name().equals(wf.name())) {
      RuntimeException conflict =
          new DBOSWorkflowConflictException(workflowId, row.name(), wf.name());
      Tracing.fail(caller.span(), conflict);
      caller.span().end();
      running.release(claimed);
      claimed.outcome().completeExceptionally(conflict);
      throw conflict;
    }
    if (row.finished()) {
      caller.span().end();
      running.release(claimed);
      outcomes.complete(claimed.outcome(), row, wf);
      return new Admission(workflowId, null, false, claimed.outcome());
    }
    if (row.state() != WorkflowState.PENDING || !processId.equals(row.processId())) {
      // Not to run here: not PENDING (enqueued, or a state this version does not know), or run by
      // another live process, where running it too would run its steps twice at once.
      caller.span().end();
      running.release(claimed);
      awaitOutcome(workflowId, wf)
          .whenComplete(
              (value, failure) -> {
                if (failure != null) {
                  claimed.outcome().completeExceptionally(failure);
                } else {
                  claimed.outcome().complete(value);
                }
              });
      return new Admission(workflowId, null, false, claimed.outcome());
    }
    claimed.deadline(row.deadlineMillis());
    if (!started.created() && resumed == null) {
      // started again under an existing ID: the execution continues the recorded workflow
      claimed.runAs(WorkflowCaller.recorded(row.caller(), caller.span()));
    }
    return new Admission(workflowId, claimed, started.created(), null);
  }

  /**
   * The context the execution runs in: the caller's, or for a resumed workflow the one recorded
   * with it. The execution's span starts here, so that its trace context is in the start's row.
   */
  private WorkflowCaller caller(
      RegisteredWorkflow wf,
      String workflowId,
      Identity identity,
      @Nullable DBOSContext ctx,
      @Nullable WorkflowRow resumed) {
    if (resumed != null) {
      Context parent = Tracing.recordedParent(resumed.caller().traceContext());
      return WorkflowCaller.recorded(
          resumed.caller(), tracing.workflowSpan(wf.name(), workflowId, parent));
    }
    Span span = tracing.workflowSpan(wf.name(), workflowId, Context.current());
    return WorkflowCaller.of(identity, ctx == null ? null : ctx.request(), span);
  }

  /** The deadline of a workflow whose execution runs here, or null. */
  private @Nullable Long deadlineOf(String workflowId) {
    WorkflowExecution execution = running.get(workflowId);
    return execution == null ? null : execution.deadline();
  }

  private static @Nullable Long earlier(@Nullable Long a, @Nullable Long b) {
    if (a == null) {
      return b;
    }
    return b == null || a <= b ? a : b;
  }

  /**
   * The outcome of a workflow that is someone else's to run, once its row has finished: waited for
   * on the executor, as {@code getResultAsync} waits for a workflow of another process.
   */
  private CompletableFuture<@Nullable Object> awaitOutcome(
      String workflowId, RegisteredWorkflow wf) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return outcomes.decode(outcomes.awaitFinished(workflowId, null), wf);
          } catch (Throwable t) {
            throw Throwables.sneakyThrow(t);
          }
        },
        executor);
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

  private void submit(WorkflowExecution execution, boolean firstExecution) {
    try {
      executor.execute(
          () -> {
            try {
              runHere(execution, firstExecution);
            } catch (Throwable t) {
              log.debug("workflow {} ended with {}", execution.workflowId(), t.toString());
            }
          });
    } catch (RejectedExecutionException e) {
      running.release(execution);
      execution.outcome().completeExceptionally(e);
      throw new DBOSException(
          "Workflow "
              + execution.workflowId()
              + " is recorded but could not be started now; it stays PENDING and will be"
              + " recovered",
          e);
    }
  }

  private @Nullable Object runHere(WorkflowExecution execution, boolean firstExecution)
      throws Throwable {
    timeouts.watch(execution);
    try {
      return execution.run(firstExecution, operations, checkpoints, outcomes, stranded);
    } finally {
      timeouts.unwatch(execution);
      running.release(execution);
    }
  }
}
