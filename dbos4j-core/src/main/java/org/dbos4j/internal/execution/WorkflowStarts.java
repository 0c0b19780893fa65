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
import org.dbos4j.internal.sysdb.EnqueueDao;
import org.dbos4j.internal.sysdb.NewWorkflow;
import org.dbos4j.internal.sysdb.OperationOutputsDao;
import org.dbos4j.internal.sysdb.QueuePartition;
import org.dbos4j.internal.sysdb.QueuePlacement;
import org.dbos4j.internal.sysdb.RecordedCaller;
import org.dbos4j.internal.sysdb.RecordedOperation;
import org.dbos4j.internal.sysdb.StartedWorkflow;
import org.dbos4j.internal.sysdb.WorkflowRow;
import org.dbos4j.internal.sysdb.WorkflowStatusDao;
import org.dbos4j.internal.time.CancelToken;
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
 * <p>An enqueued workflow is admitted the same way up to its record, which is {@code ENQUEUED} (or
 * {@code DELAYED}) instead of PENDING, in one round trip; nothing runs then. A dispatcher dequeues
 * it later, here or in another process, and hands its row to {@link #startDequeued}, which runs it
 * without another round trip: the dequeue has recorded the execution already. A start under the ID
 * of a workflow that waits on its queue leaves it there and waits for its outcome.
 *
 * <p>A timeout becomes a deadline in the start's row (no round trip of its own): the start's time
 * plus the timeout, or the parent's deadline if that is earlier, so children inherit it; a dequeue
 * sets it from the dequeue's time. Every execution is admitted with the deadline its row records,
 * and {@link WorkflowTimeouts} cancels it there. A row that is not PENDING, or that another live
 * process runs, is not run by a start: the start waits for its outcome.
 */
public final class WorkflowStarts implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkflowStarts.class);

  private final WorkflowStatusDao statuses;
  private final EnqueueDao queues;
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
  private final WorkflowTimeouts timeouts;
  private final StrandedExecutions stranded;
  private final Tracing tracing;
  private volatile boolean closed;

  public WorkflowStarts(
      WorkflowStatusDao statuses,
      EnqueueDao queues,
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
    this.queues = queues;
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
    if (a.execution != null) {
      return runHere(a.execution, a.firstExecution);
    }
    CancelToken cancel = CallerContext.current().cancelToken();
    if (a.attached != null) {
      return outcomes.await(a.attached, cancel);
    }
    return outcomes.decode(outcomes.awaitFinished(a.workflowId, cancel), wf);
  }

  /**
   * A workflow started in the background, and its outcome in this process: null when it is not
   * running here (it waits on its queue, or runs elsewhere), so that its outcome is read from the
   * system database.
   */
  public record Started(String workflowId, @Nullable CompletableFuture<@Nullable Object> outcome) {}

  /**
   * Starts a workflow in the background; returns once its start is recorded. The outcome is the
   * execution's in this process, or the recorded or running one the start attached to.
   *
   * @param identity who starts it (with the role a required-roles check assumed)
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
   * Records a workflow on a queue, ENQUEUED (or DELAYED), to be started by a dispatcher; returns
   * once it is recorded, in one round trip (two if the ID exists: then the start attaches to that
   * workflow and changes nothing). Inside a workflow it is a child, recorded with its parent's
   * checkpoint of its ID.
   *
   * @param identity who enqueues it, recorded with it, as its HTTP request and trace context are
   * @throws org.dbos4j.DBOSQueueDuplicatedException if the deduplication ID is taken on the queue
   * @throws DBOSWorkflowConflictException if the ID is taken by a workflow of another name
   */
  public Started enqueue(
      RegisteredWorkflow wf,
      Object[] args,
      @Nullable String workflowId,
      Identity identity,
      QueuePlacement placement) {
    Origin o = origin(wf, workflowId, false);
    String inputs = codec.writeArgs(args, wf.parameterTypes());
    // The enqueuer's span is the parent of the execution's, which starts when it is dequeued.
    RecordedCaller recorded =
        WorkflowCaller.of(identity, o.ctx == null ? null : o.ctx.request(), Span.current())
            .recorded();
    // its timeout is in the placement: the deadline starts when it is dequeued
    NewWorkflow row = newWorkflow(wf, o, inputs, recorded, null);
    if (o.newChild()) {
      queues.enqueueChild(
          row, placement, Objects.requireNonNull(o.parent).workflowId(), o.parentFunctionId);
    } else {
      queues.enqueue(row, placement);
    }
    WorkflowExecution here = running.get(o.workflowId);
    return new Started(o.workflowId, here == null ? null : here.outcome());
  }

  /**
   * Runs in the background a workflow this process has just dequeued, from its row as the dequeue
   * left it (PENDING here, one more execution counted), without another round trip; returns its
   * outcome. Its first execution ({@code recovery_attempts} 1) loads no steps.
   */
  public CompletableFuture<@Nullable Object> startDequeued(RegisteredWorkflow wf, WorkflowRow row) {
    refuseIfClosed();
    Object[] args = codec.readArgs(row.inputs() == null ? "[]" : row.inputs(), wf.parameterTypes());
    Span span =
        tracing.workflowSpan(
            wf.name(), row.workflowId(), Tracing.recordedParent(row.caller().traceContext()));
    WorkflowExecution execution =
        new WorkflowExecution(
            row.workflowId(),
            wf,
            args,
            WorkflowCaller.recorded(row.caller(), span),
            QueuePartition.of(row));
    WorkflowExecution existing = running.claim(execution);
    if (existing != null) {
      // Only ENQUEUED rows are dequeued, so this is an execution that was cancelled and is still
      // ending here (the workflow was resumed meanwhile): run the dequeued one after it.
      span.end();
      return existing.released().thenCompose(ended -> startDequeued(wf, row));
    }
    execution.deadline(row.deadlineMillis());
    submit(execution, row.recoveryAttempts() <= 1);
    return execution.outcome();
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
    return Objects.requireNonNull(a.outcome(), "a PENDING workflow resumes or attaches");
  }

  /** Stops accepting work; executions under way are left PENDING, to be recovered. */
  @Override
  public void close() {
    closed = true;
    stranded.close();
  }

  /**
   * What admission decided: run an execution (with no history to load if it is the workflow's
   * first), or wait for an outcome from elsewhere: a recorded result or an execution already
   * running here ({@code attached}), or, with neither, a workflow waiting on its queue.
   */
  private record Admission(
      String workflowId,
      @Nullable WorkflowExecution execution,
      boolean firstExecution,
      @Nullable CompletableFuture<@Nullable Object> attached) {
    @Nullable CompletableFuture<@Nullable Object> outcome() {
      return execution != null ? execution.outcome() : attached;
    }
  }

  /**
   * Where a start comes from: the caller's context (none for a resumed workflow), the parent
   * workflow and the parent's step for the child's ID (none outside a workflow), what the parent
   * recorded there in an earlier execution, and the ID chosen.
   */
  private record Origin(
      @Nullable DBOSContext ctx,
      @Nullable WorkflowFrame parent,
      int parentFunctionId,
      @Nullable RecordedOperation recordedChild,
      String workflowId) {
    /** A child whose start the parent has not recorded yet: recorded together now. */
    boolean newChild() {
      return parent != null && recordedChild == null;
    }
  }

  /**
   * Checks that a workflow may start here and chooses its ID.
   *
   * @param resumed whether the workflow is resumed: started by launch() or the outage timer,
   *     whatever their context
   */
  private Origin origin(RegisteredWorkflow wf, @Nullable String explicitId, boolean resumed) {
    refuseIfClosed();
    DBOSContext ctx = resumed ? null : DBOSContext.current();
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
    return new Origin(ctx, parent, parentFunctionId, recordedChild, workflowId);
  }

  private void refuseIfClosed() {
    if (closed) {
      throw new DBOSException("DBOS has been shut down; call DBOS.launch() again to run workflows");
    }
  }

  private NewWorkflow newWorkflow(
      RegisteredWorkflow wf,
      Origin o,
      String inputs,
      RecordedCaller recorded,
      @Nullable Duration timeout) {
    long now = time.millis();
    Long deadline =
        earlier(
            timeout == null ? null : TimeSource.millisAfter(now, timeout),
            o.parent == null ? null : deadlineOf(o.parent.workflowId()));
    return new NewWorkflow(
        o.workflowId,
        wf.name(),
        wf.className(),
        wf.instanceName(),
        inputs,
        executorId,
        appVersion,
        o.parent == null ? null : o.parent.workflowId(),
        recorded,
        processId,
        now,
        timeout == null ? null : timeout.toMillis(),
        deadline);
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

  /**
   * @param identity the caller's identity; ignored for a resumed workflow, which has its own
   * @param resumed the row of a workflow being resumed; null for a new start
   */
  private Admission admit(
      RegisteredWorkflow wf,
      Object[] args,
      @Nullable String explicitId,
      Identity identity,
      @Nullable WorkflowRow resumed,
      @Nullable Duration timeout) {
    Origin o = origin(wf, explicitId, resumed != null);
    String workflowId = o.workflowId;
    String inputs =
        resumed != null && resumed.inputs() != null
            ? resumed.inputs()
            : codec.writeArgs(args, wf.parameterTypes());
    WorkflowCaller caller = caller(wf, workflowId, identity, o.ctx, resumed);

    // Claimed before the row is written, so a second start here attaches instead of racing.
    WorkflowExecution claimed =
        new WorkflowExecution(
            workflowId, wf, args, caller, resumed == null ? null : QueuePartition.of(resumed));
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
      NewWorkflow row = newWorkflow(wf, o, inputs, caller.recorded(), timeout);
      if (resumed != null) {
        started = statuses.restart(row);
      } else if (o.newChild()) {
        started =
            statuses.startChild(
                row, Objects.requireNonNull(o.parent).workflowId(), o.parentFunctionId);
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
      // Not to run here: waiting on its queue (which starts it, wherever it runs), in a state this
      // version does not know, or run by another live process, where running it too would run its
      // steps twice at once.
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
