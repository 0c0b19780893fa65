package org.dbos4j.internal.sysdb;

import org.jspecify.annotations.Nullable;

/**
 * A {@code workflow_status} row as dbos4j reads it. Times are epoch milliseconds.
 *
 * @param timeoutMillis {@code workflow_timeout_ms}
 * @param deadlineMillis {@code workflow_deadline_epoch_ms}
 */
public record WorkflowRow(
    String workflowId,
    String status,
    String name,
    @Nullable String className,
    @Nullable String instanceName,
    @Nullable String inputs,
    @Nullable String output,
    @Nullable String error,
    @Nullable String executorId,
    @Nullable String appVersion,
    @Nullable String queueName,
    RecordedCaller caller,
    int recoveryAttempts,
    long createdAt,
    long updatedAt,
    @Nullable String parentWorkflowId,
    @Nullable String forkedFrom,
    int priority,
    @Nullable String deduplicationId,
    @Nullable String partitionKey,
    @Nullable Long timeoutMillis,
    @Nullable Long deadlineMillis,
    @Nullable Long startedAt,
    @Nullable Long completedAt) {}
