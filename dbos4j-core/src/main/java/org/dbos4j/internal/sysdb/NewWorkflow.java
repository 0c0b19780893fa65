package org.dbos4j.internal.sysdb;

import org.jspecify.annotations.Nullable;

/**
 * The row written when a workflow starts (or is started again under the same ID).
 *
 * @param timeoutMillis the workflow's own timeout, or null
 * @param deadlineMillis its deadline: now plus its timeout, or an ancestor's earlier one; null if
 *     none
 */
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
    long now,
    @Nullable Long timeoutMillis,
    @Nullable Long deadlineMillis) {}
