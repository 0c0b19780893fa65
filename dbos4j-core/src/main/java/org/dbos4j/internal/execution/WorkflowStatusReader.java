package org.dbos4j.internal.execution;

import com.fasterxml.jackson.databind.JavaType;
import java.time.Duration;
import java.time.Instant;
import org.dbos4j.DBOSException;
import org.dbos4j.WorkflowState;
import org.dbos4j.WorkflowStatus;
import org.dbos4j.internal.registry.RegisteredWorkflow;
import org.dbos4j.internal.serialize.CallerCodec;
import org.dbos4j.internal.serialize.ErrorCodec;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.sysdb.WorkflowRow;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@code workflow_status} row as the public {@link WorkflowStatus}, for handles and for
 * listings alike. Input and output are read as the registered workflow's parameter and return
 * types, or where the workflow is not registered (a client) as the classes recorded with them; a
 * value that cannot be read is left null rather than failing the whole status.
 */
public final class WorkflowStatusReader {
  private static final Logger log = LoggerFactory.getLogger(WorkflowStatusReader.class);

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
      output = readOrNull(row.output(), wf == null ? codec.objectType() : wf.returnType(), row);
    }
    if (row.error() != null) {
      error = errors.read(row.error());
    }
    Object[] input = null;
    if (row.inputs() != null) {
      try {
        input = codec.readArgs(row.inputs(), wf == null ? null : wf.parameterTypes());
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

  /** The instant of epoch milliseconds, or null. */
  public static @Nullable Instant instant(@Nullable Long epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
  }

  private @Nullable Object readOrNull(String json, JavaType type, WorkflowRow row) {
    try {
      return codec.read(json, type);
    } catch (DBOSException e) {
      log.debug("cannot read the output of workflow {}: {}", row.workflowId(), e.getMessage());
      return null;
    }
  }
}
