package org.dbos4j.internal.execution;

import com.fasterxml.jackson.databind.JavaType;
import java.time.Duration;
import org.dbos4j.DBOSMaxStepRetriesExceededException;
import org.dbos4j.DBOSWorkflowCancelledException;
import org.dbos4j.ThrowingSupplier;
import org.dbos4j.internal.context.DBOSContext;
import org.dbos4j.internal.context.WorkflowFrame;
import org.dbos4j.internal.serialize.ErrorCodec;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.sysdb.OperationOutputsDao;
import org.dbos4j.internal.sysdb.RecordedOperation;
import org.dbos4j.internal.sysdb.SystemDatabaseException;
import org.dbos4j.internal.time.CancelToken;
import org.dbos4j.internal.time.TimeSource;
import org.dbos4j.internal.tracing.Tracing;
import org.jspecify.annotations.Nullable;

/**
 * Runs steps. Inside a workflow a step takes the next position; if an earlier execution recorded an
 * outcome there, that outcome is returned (or rethrown) without running the step; otherwise the
 * step runs, with retries, and its outcome is checkpointed in one round trip before it is returned.
 * Outside a workflow, or nested in another step, a step just runs. A step that runs inside a
 * workflow has a span, child of the workflow's.
 */
public final class StepRunner {
  private final OperationOutputsDao operations;
  private final JsonCodec codec;
  private final ErrorCodec errors;
  private final TimeSource time;
  private final Tracing tracing;
  private volatile boolean closed;

  public StepRunner(
      OperationOutputsDao operations,
      JsonCodec codec,
      ErrorCodec errors,
      TimeSource time,
      Tracing tracing) {
    this.operations = operations;
    this.codec = codec;
    this.errors = errors;
    this.time = time;
    this.tracing = tracing;
  }

  /** Stops recording step failures: called by {@code shutdown} before it interrupts workflows. */
  public void close() {
    closed = true;
  }

  /**
   * Runs a step outside any workflow: no checkpoint, only the retry policy, pausing on {@code
   * time}.
   */
  public static <R extends @Nullable Object> R runUnrecorded(
      String name, RetryPolicy policy, ThrowingSupplier<R, ?> body, TimeSource time)
      throws Throwable {
    return attempt(name, policy, body, time, null);
  }

  public <R extends @Nullable Object> R run(
      String name, RetryPolicy policy, JavaType outputType, ThrowingSupplier<R, ?> body)
      throws Throwable {
    DBOSContext ctx = DBOSContext.current();
    WorkflowFrame wf = ctx == null ? null : ctx.workflow();
    if (ctx == null || wf == null || ctx.stepName() != null) {
      return attempt(name, policy, body, time, wf == null ? null : wf.cancelToken());
    }
    int functionId = wf.nextFunctionId();
    RecordedOperation recorded = wf.recordedAs(functionId, name);
    if (recorded != null) {
      return replay(recorded, outputType);
    }
    return Tracing.within(
        tracing.stepSpan("step", name, functionId, wf.workflowId(), wf.workflowName()),
        () -> runRecorded(ctx, wf, functionId, name, policy, outputType, body));
  }

  /** Runs the step at {@code functionId} and records its outcome. */
  private <R extends @Nullable Object> R runRecorded(
      DBOSContext ctx,
      WorkflowFrame wf,
      int functionId,
      String name,
      RetryPolicy policy,
      JavaType outputType,
      ThrowingSupplier<R, ?> body)
      throws Throwable {
    long startedAt = time.millis();
    R result;
    ctx.setStep(name, functionId);
    try {
      result = attempt(name, policy, body, time, wf.cancelToken());
    } catch (Throwable failure) {
      ctx.setStep(null, 0);
      // A step that fails while DBOS shuts down was most likely interrupted by the shutdown, and
      // one whose retry pause a cancel ended did not finish: neither failure is the step's
      // outcome, so it is not recorded, and recovery (or a resume) runs the step again.
      if (failure instanceof SystemDatabaseException
          || failure instanceof DBOSWorkflowCancelledException
          || failure instanceof Error
          || closed) {
        throw failure;
      }
      RecordedOperation other =
          operations.recordFirst(
              wf.workflowId(),
              functionId,
              name,
              null,
              errors.write(failure),
              startedAt,
              time.millis());
      if (other != null) {
        return replay(other, outputType);
      }
      throw failure;
    }
    ctx.setStep(null, 0);
    String output = codec.write(result, outputType);
    RecordedOperation other =
        operations.recordFirst(
            wf.workflowId(), functionId, name, output, null, startedAt, time.millis());
    return other == null ? result : replay(other, outputType);
  }

  private <R extends @Nullable Object> R replay(RecordedOperation recorded, JavaType type)
      throws Throwable {
    return recordedOutcome(recorded, type, codec, errors);
  }

  /**
   * What an operation recorded as its outcome: its output read as {@code type}, or its exception
   * rebuilt and thrown. Transactions replay the same way.
   */
  @SuppressWarnings("unchecked")
  static <R extends @Nullable Object> R recordedOutcome(
      RecordedOperation recorded, JavaType type, JsonCodec codec, ErrorCodec errors)
      throws Throwable {
    if (recorded.error() != null) {
      throw errors.read(recorded.error());
    }
    return (R) codec.read(recorded.output() == null ? "null" : recorded.output(), type);
  }

  /**
   * Runs the body up to 1 + retries times; the pauses between attempts end early, with {@link
   * org.dbos4j.DBOSWorkflowCancelledException}, if the execution is cancelled.
   */
  private static <R extends @Nullable Object> R attempt(
      String name,
      RetryPolicy policy,
      ThrowingSupplier<R, ?> body,
      TimeSource time,
      @Nullable CancelToken cancel)
      throws Throwable {
    int attempts = policy.retries() + 1;
    Exception last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        return body.get();
      } catch (Exception e) {
        if (policy.retries() == 0) {
          throw e;
        }
        last = e;
        if (attempt < attempts) {
          time.sleepFor(
              Duration.ofMillis(policy.pauseAfter(attempt)), cancel, new RetryPause(name, attempt));
        }
      }
    }
    throw new DBOSMaxStepRetriesExceededException(name, attempts, last);
  }

  /** What a thread pausing between attempts waits for, as thread dumps and errors show it. */
  private record RetryPause(String step, int attempt) {
    @Override
    public String toString() {
      return "the retry of step '" + step + "' after attempt " + attempt;
    }
  }
}
