package org.dbos4j.internal.execution;

import com.fasterxml.jackson.databind.JavaType;
import java.time.Clock;
import org.dbos4j.DBOSException;
import org.dbos4j.DBOSMaxStepRetriesExceededException;
import org.dbos4j.ThrowingSupplier;
import org.dbos4j.internal.context.DBOSContext;
import org.dbos4j.internal.context.WorkflowFrame;
import org.dbos4j.internal.serialize.ErrorCodec;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.sysdb.OperationOutputsDao;
import org.dbos4j.internal.sysdb.RecordedOperation;
import org.dbos4j.internal.sysdb.SystemDatabaseException;
import org.jspecify.annotations.Nullable;

/**
 * Runs steps. Inside a workflow a step takes the next position; if an earlier execution recorded an
 * outcome there, that outcome is returned (or rethrown) without running the step; otherwise the
 * step runs, with retries, and its outcome is checkpointed in one round trip before it is returned.
 * Outside a workflow, or nested in another step, a step just runs.
 */
public final class StepRunner {
  private final OperationOutputsDao operations;
  private final JsonCodec codec;
  private final ErrorCodec errors;
  private final Clock clock;
  private volatile boolean closed;

  public StepRunner(
      OperationOutputsDao operations, JsonCodec codec, ErrorCodec errors, Clock clock) {
    this.operations = operations;
    this.codec = codec;
    this.errors = errors;
    this.clock = clock;
  }

  /** Stops recording step failures: called by {@code shutdown} before it interrupts workflows. */
  public void close() {
    closed = true;
  }

  /** Runs a step outside any workflow: no checkpoint, only the retry policy. */
  public static <R extends @Nullable Object> R runUnrecorded(
      String name, RetryPolicy policy, ThrowingSupplier<R, ?> body) throws Throwable {
    return attempt(name, policy, body);
  }

  public <R extends @Nullable Object> R run(
      String name, RetryPolicy policy, JavaType outputType, ThrowingSupplier<R, ?> body)
      throws Throwable {
    DBOSContext ctx = DBOSContext.current();
    WorkflowFrame wf = ctx == null ? null : ctx.workflow();
    if (ctx == null || wf == null || ctx.stepName() != null) {
      return attempt(name, policy, body);
    }
    int functionId = wf.nextFunctionId();
    RecordedOperation recorded = wf.recordedAs(functionId, name);
    if (recorded != null) {
      return replay(recorded, outputType);
    }
    long startedAt = clock.millis();
    R result;
    ctx.setStep(name, functionId);
    try {
      result = attempt(name, policy, body);
    } catch (Throwable failure) {
      ctx.setStep(null, 0);
      // A step that fails while DBOS shuts down was most likely interrupted by the shutdown: its
      // failure is not its outcome, so it is not recorded and recovery runs the step again.
      if (failure instanceof SystemDatabaseException || failure instanceof Error || closed) {
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
              clock.millis());
      if (other != null) {
        return replay(other, outputType);
      }
      throw failure;
    }
    ctx.setStep(null, 0);
    String output = codec.write(result, outputType);
    RecordedOperation other =
        operations.recordFirst(
            wf.workflowId(), functionId, name, output, null, startedAt, clock.millis());
    return other == null ? result : replay(other, outputType);
  }

  @SuppressWarnings("unchecked")
  private <R extends @Nullable Object> R replay(RecordedOperation recorded, JavaType type)
      throws Throwable {
    if (recorded.error() != null) {
      throw errors.read(recorded.error());
    }
    return (R) codec.read(recorded.output() == null ? "null" : recorded.output(), type);
  }

  private static <R extends @Nullable Object> R attempt(
      String name, RetryPolicy policy, ThrowingSupplier<R, ?> body) throws Throwable {
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
          pause(name, policy.pauseAfter(attempt));
        }
      }
    }
    throw new DBOSMaxStepRetriesExceededException(name, attempts, last);
  }

  private static void pause(String name, long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DBOSException("Interrupted while waiting to retry step '" + name + "'", e);
    }
  }
}
