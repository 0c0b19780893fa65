package org.dbos4j.internal.execution;

import org.dbos4j.DBOSWorkflowCancelledException;
import org.dbos4j.internal.context.WorkflowFrame;
import org.dbos4j.internal.serialize.ErrorCodec;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.sysdb.OperationOutputsDao;
import org.dbos4j.internal.sysdb.RecordedOperation;
import org.dbos4j.internal.sysdb.SystemDatabaseException;
import org.dbos4j.internal.time.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * {@code getResult()} of a handle inside a workflow body: a durable operation named {@code
 * DBOS.getResult}, checkpointed with the awaited workflow's ID and its outcome, so that a replay
 * returns (or throws) what the first execution got without waiting again, and the awaiting
 * workflow's step numbers do not depend on whether the awaited one had finished. One round trip to
 * record, after the wait. The value is recorded with its class, as messages are, and read back as
 * such. What ends the wait for another reason (this workflow cancelled, the system database
 * failing) is not recorded: a replay waits again.
 */
final class AwaitedResults {
  static final String GET_RESULT = "DBOS.getResult";

  private final OperationOutputsDao operations;
  private final JsonCodec codec;
  private final ErrorCodec errors;
  private final TimeSource time;

  AwaitedResults(
      OperationOutputsDao operations, JsonCodec codec, ErrorCodec errors, TimeSource time) {
    this.operations = operations;
    this.codec = codec;
    this.errors = errors;
    this.time = time;
  }

  /** What awaiting a workflow yields, or throws. */
  @FunctionalInterface
  interface Await {
    @Nullable Object result() throws Throwable;
  }

  /**
   * The outcome of awaiting {@code awaitedId} at step {@code functionId} of {@code wf}: the one
   * recorded there, or else {@code await}'s, recorded.
   */
  @Nullable Object result(WorkflowFrame wf, int functionId, String awaitedId, Await await)
      throws Throwable {
    RecordedOperation recorded = wf.recordedAs(functionId, GET_RESULT);
    if (recorded != null) {
      return replay(recorded);
    }
    long startedAt = time.millis();
    Object value;
    try {
      value = await.result();
    } catch (DBOSWorkflowCancelledException | SystemDatabaseException | Error notItsOutcome) {
      throw notItsOutcome;
    } catch (Throwable failure) {
      RecordedOperation other =
          record(wf, functionId, awaitedId, null, errors.write(failure), startedAt);
      if (other == null) {
        throw failure;
      }
      return replay(other);
    }
    RecordedOperation other =
        record(wf, functionId, awaitedId, codec.write(value, codec.objectType()), null, startedAt);
    return other == null ? value : replay(other);
  }

  private @Nullable RecordedOperation record(
      WorkflowFrame wf,
      int functionId,
      String awaitedId,
      @Nullable String output,
      @Nullable String error,
      long startedAt) {
    return operations.recordFirst(
        wf.workflowId(),
        functionId,
        GET_RESULT,
        awaitedId,
        output,
        error,
        startedAt,
        time.millis());
  }

  private @Nullable Object replay(RecordedOperation recorded) throws Throwable {
    if (recorded.error() != null) {
      throw errors.read(recorded.error());
    }
    return recorded.output() == null ? null : codec.read(recorded.output(), codec.objectType());
  }
}
