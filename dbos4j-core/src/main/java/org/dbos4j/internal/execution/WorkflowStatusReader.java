package org.dbos4j.internal.execution;

import java.time.Duration;
import java.time.Instant;
import org.dbos4j.WorkflowState;
import org.dbos4j.WorkflowStatus;
import org.dbos4j.internal.registry.RegisteredWorkflow;
import org.dbos4j.internal.serialize.CallerCodec;
import org.dbos4j.internal.serialize.ErrorCodec;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.sysdb.WorkflowRow;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code workflow_status} row as the public {@link WorkflowStatus}, for handles and for
 * listings alike. Input and output are read as the registered workflow's parameter and return
 * types, or where the workflow is not registered (a client) as the classes recorded with them; a
 * value that cannot be read so (its class is not on this classpath) is the JSON recorded, a Jackson
 * {@code JsonNode}, rather than failing the whole status.
 */
public final class WorkflowStatusReader {
  private final JsonCodec codec;
  private final ErrorCodec errors;
  private final WorkflowHandles.WorkflowTypes types;

  public WorkflowStatusReader(
      JsonCodec codec, ErrorCodec errors, WorkflowHandles.WorkflowTypes types) {
    this.codec = codec;
    this.errors = errors;
    this.types = types;
  }

  /**
   * The status a row records; a row read without its input or output (null columns) gives null
   * ones.
   *
   * @throws DBOSException if the row's state is one this version does not know
   */
  public WorkflowStatus read(WorkflowRow row) {
    RegisteredWorkflow wf = types.workflow(row.name(), row.instanceName());
    WorkflowState state = row.state();
    if (state == null) {
      throw WorkflowOutcomes.unknownState(row);
    }
    Object output = null;
    Throwable error = null;
    if (state == WorkflowState.SUCCESS && row.output() != null) {
      output =
          codec.readForDisplay(row.output(), wf == null ? codec.objectType() : wf.returnType());
    }
    if (row.error() != null) {
      error = errors.read(row.error());
    }
    Object[] input = null;
    if (row.inputs() != null) {
      input = codec.readArgsForDisplay(row.inputs(), wf == null ? null : wf.parameterTypes());
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

  /** The instant of epoch milliseconds, or null. */
  public static @Nullable Instant instant(@Nullable Long epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
  }
}
