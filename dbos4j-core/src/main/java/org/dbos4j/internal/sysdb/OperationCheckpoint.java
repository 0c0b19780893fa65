package org.dbos4j.internal.sysdb;

import org.jspecify.annotations.Nullable;

/** The outcome of one operation of a workflow, as a row of {@code operation_outputs} holds it. */
public record OperationCheckpoint(
    String workflowId,
    int functionId,
    String functionName,
    @Nullable String output,
    @Nullable String error,
    long startedAt,
    long completedAt) {}
