package org.dbos4j.internal.sysdb;

import org.jspecify.annotations.Nullable;

/** The row written when a workflow starts (or is started again under the same ID). */
public record NewWorkflow(
    String workflowId,
    String name,
    String className,
    String instanceName,
    String inputs,
    String executorId,
    String appVersion,
    @Nullable String parentWorkflowId,
    RecordedCaller caller,
    String processId,
    long now) {}
