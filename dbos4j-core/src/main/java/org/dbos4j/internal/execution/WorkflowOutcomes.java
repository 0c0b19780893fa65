package org.dbos4j.internal.execution;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;
import org.dbos4j.DBOSAwaitedWorkflowCancelledException;
import org.dbos4j.DBOSException;
import org.dbos4j.DBOSNonExistentWorkflowException;
import org.dbos4j.DBOSWorkflowCancelledException;
import org.dbos4j.WorkflowState;
import org.dbos4j.internal.notify.WakeupKey;
import org.dbos4j.internal.notify.WakeupSignals;
import org.dbos4j.internal.registry.RegisteredWorkflow;
import org.dbos4j.internal.serialize.ErrorCodec;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.sysdb.SystemDatabaseException;
import org.dbos4j.internal.sysdb.WorkflowRow;
import org.dbos4j.internal.sysdb.WorkflowStatusDao;
import org.dbos4j.internal.time.CancelToken;
import org.dbos4j.internal.time.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * The outcomes of workflows in the system database: recording how an execution ended (one round
 * trip, then a wake-up of this process's waiters), and reading a recorded outcome back, waiting for
 * it if the workflow has not finished. Everything here needs only the system database, so a handle
 * reads outcomes through it whether or not the workflow ran in this process.
 */
public final class WorkflowOutcomes {
  private final WorkflowStatusDao statuses;
  private final JsonCodec codec;
  private final ErrorCodec errors;
  private final WakeupSignals signals;
  private final TimeSource time;
  private volatile boolean closed;

  public WorkflowOutcomes(
      WorkflowStatusDao statuses,
      JsonCodec codec,
      ErrorCodec errors,
      WakeupSignals signals,
      TimeSource time) {
    this.statuses = statuses;
    this.codec = codec;
    this.errors = errors;
    this.signals = signals;
    this.time = time;
  }

  /**
   * Records how an execution of {@code wf} ended, with {@code result} or {@code failure}, and
   * returns (or throws) its outcome as the row now records it: 1 round trip, and 1 more only when
   * the execution's own outcome was not recorded.
   *
   * <p>The outcome is recorded only over a PENDING row. If another writer ended the workflow first
   * (cancelled it, or finished it in another execution), the outcome is the row's: a cancelled
   * workflow's handles throw {@link DBOSAwaitedWorkflowCancelledException} even where its execution
   * ran on. A cancelled execution records nothing (its canceller recorded the state) and takes the
   * row's outcome too. A failure that means the outcome cannot be trusted or recorded (the system
   * database failed, the process is shutting down) is not recorded either: the workflow stays
   * PENDING and recovery runs it again.
   */
  @Nullable Object record(
      String workflowId,
      RegisteredWorkflow wf,
      @Nullable Object result,
      @Nullable Throwable failure,
      CancelToken cancel)
      throws Throwable {
    if (cancel.isCancelled()) {
      return rowOutcome(
          workflowId,
          wf,
          failure != null ? failure : new DBOSWorkflowCancelledException(workflowId));
    }
    Throwable ended = failure;
    if (ended == null) {
      String output = null;
      try {
        output = codec.write(result, wf.returnType());
      } catch (RuntimeException unwritable) {
        ended = unwritable;
      }
      if (ended == null) {
        return complete(workflowId, WorkflowState.SUCCESS, output, null)
            ? result
            : rowOutcome(workflowId, wf, null);
      }
    }
    if (ended instanceof SystemDatabaseException
        || ended instanceof DBOSWorkflowCancelledException
        || ended instanceof Error
        || closed
        || complete(workflowId, WorkflowState.ERROR, null, errors.write(ended))) {
      throw ended;
    }
    return rowOutcome(workflowId, wf, null);
  }

  /** Records an outcome over a PENDING row and wakes this process's waiters; false if not. */
  private boolean complete(
      String workflowId, WorkflowState state, @Nullable String output, @Nullable String error) {
    if (!statuses.complete(workflowId, state.name(), output, error, time.millis())) {
      return false;
    }
    signals.fire(WakeupKey.status(workflowId));
    return true;
  }

  /**
   * The outcome of {@code workflowId} as its row records it, for an execution whose own was not
   * recorded (1 round trip).
   *
   * @param unfinished thrown if the row has not finished (an execution stopped by a cancel of its
   *     token alone); null if the row must have finished
   */
  private @Nullable Object rowOutcome(
      String workflowId, RegisteredWorkflow wf, @Nullable Throwable unfinished) throws Throwable {
    WorkflowRow row = statuses.find(workflowId);
    if (row == null) {
      throw new DBOSNonExistentWorkflowException(workflowId);
    }
    if (!row.finished()) {
      throw unfinished != null
          ? unfinished
          : new DBOSException(
              "Workflow " + workflowId + " ended here, but its row says " + row.status());
    }
    return decode(row, wf);
  }

  /** Stops recording failures: called by {@code shutdown} before it interrupts workflows. */
  public void close() {
    closed = true;
  }

  /** The row of {@code workflowId}, or null if no such workflow is recorded. */
  public @Nullable WorkflowRow find(String workflowId) {
    return statuses.find(workflowId);
  }

  /**
   * Waits until {@code workflowId} has finished and returns its row: at once if it has, otherwise
   * on its status signal (fired on completion by this process and, through NOTIFY, by any other,
   * which the mark tells to notify). A state this version does not know counts as unfinished.
   *
   * @param cancel the cancel token of the waiting execution, or null outside one
   */
  public WorkflowRow awaitFinished(String workflowId, @Nullable CancelToken cancel) {
    try (WakeupSignals.Waiter waiter = signals.register(WakeupKey.status(workflowId))) {
      WorkflowRow marked = statuses.markAwaited(workflowId);
      if (marked != null && marked.finished()) {
        return marked;
      }
      WorkflowRow row = waiter.awaitValue(Long.MAX_VALUE, cancel, () -> finishedRow(workflowId));
      if (row == null) {
        throw new IllegalStateException("a wait without deadline ended without a row");
      }
      return row;
    }
  }

  private @Nullable WorkflowRow finishedRow(String workflowId) {
    WorkflowRow row = statuses.find(workflowId);
    return row != null && row.finished() ? row : null;
  }

  /**
   * Waits for an execution's outcome in this process, rethrowing the workflow's own exception.
   *
   * @param cancel the cancel token of the waiting execution, which ends the wait; null outside one
   */
  public @Nullable Object await(
      CompletableFuture<@Nullable Object> outcome, @Nullable CancelToken cancel) throws Throwable {
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

  /** Completes {@code outcome} with the recorded outcome of a finished workflow. */
  void complete(
      CompletableFuture<@Nullable Object> outcome,
      WorkflowRow row,
      @Nullable RegisteredWorkflow wf) {
    try {
      outcome.complete(decode(row, wf));
    } catch (Throwable t) {
      outcome.completeExceptionally(t);
    }
  }

  /**
   * The recorded result of a finished workflow, read as {@code wf}'s return type (as {@code Object}
   * if null), or its recorded exception thrown.
   */
  public @Nullable Object decode(WorkflowRow row, @Nullable RegisteredWorkflow wf)
      throws Throwable {
    WorkflowState state = row.state();
    if (state == null) {
      throw unknownState(row);
    }
    switch (state) {
      case SUCCESS:
        return row.output() == null
            ? null
            : codec.read(row.output(), wf == null ? codec.objectType() : wf.returnType());
      case ERROR:
        throw row.error() == null
            ? new DBOSException("Workflow " + row.workflowId() + " failed without a recorded error")
            : errors.read(row.error());
      case CANCELLED:
        throw new DBOSAwaitedWorkflowCancelledException(row.workflowId());
      default:
        throw new DBOSException(
            "Workflow " + row.workflowId() + " ended in state " + row.status() + " with no result");
    }
  }

  /**
   * The error for a row whose state this version of dbos4j does not know (written by a newer
   * version, or by another tool): it names the workflow and the state.
   */
  static DBOSException unknownState(WorkflowRow row) {
    return new DBOSException(
        "Workflow "
            + row.workflowId()
            + " is in state '"
            + row.status()
            + "', which this version of dbos4j does not know; it was written by another writer of"
            + " the system database (a newer dbos4j, or another tool)");
  }

  JsonCodec codec() {
    return codec;
  }

  ErrorCodec errors() {
    return errors;
  }

  TimeSource time() {
    return time;
  }
}
