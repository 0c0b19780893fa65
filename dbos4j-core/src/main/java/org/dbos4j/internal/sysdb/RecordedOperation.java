package org.dbos4j.internal.sysdb;

import org.jspecify.annotations.Nullable;

/** One row of {@code operation_outputs}: what a workflow's step at {@code functionId} recorded. */
public record RecordedOperation(
    int functionId,
    String functionName,
    @Nullable String output,
    @Nullable String error,
    @Nullable String childWorkflowId) {}
