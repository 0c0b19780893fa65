package org.dbos4j.internal.sysdb;

import org.jspecify.annotations.Nullable;

/** A {@code workflow_status} row as dbos4j reads it. */
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
    @Nullable String processId,
    int recoveryAttempts,
    long createdAt,
    long updatedAt) {}
