package org.dbos4j.internal.sysdb;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The row written when a workflow starts (or is started again under the same ID), or is enqueued.
 *
 * @param executorId the executor that starts it; null for a workflow a client enqueues, which the
 *     executor that dequeues it records
 * @param appVersion the application version that may run it; null (on a queue only) for any
 * @param processId the process that runs it; null for an enqueued workflow, not running yet
 * @param timeoutMillis the workflow's own timeout, or null
 * @param deadlineMillis its deadline: now plus its timeout, or an ancestor's earlier one; null if
 *     none
 */
public record NewWorkflow(
    String workflowId,
    String name,
    @Nullable String className,
    String instanceName,
    String inputs,
    @Nullable String executorId,
    @Nullable String appVersion,
    @Nullable String parentWorkflowId,
    RecordedCaller caller,
    @Nullable String processId,
    long now,
    @Nullable Long timeoutMillis,
    @Nullable Long deadlineMillis) {

  /**
   * The columns that a started and an enqueued row record alike, from {@code name} to {@code
   * trace_context}, in the order both INSERTs list them.
   */
  static final String DESCRIBING_COLUMNS =
      """
      name, class_name, config_name, inputs, executor_id, application_version, parent_workflow_id,
      authenticated_user, assumed_role, authenticated_roles, request, trace_context""";

  /** The values of {@link #DESCRIBING_COLUMNS}, in their order. */
  List<@Nullable Object> describingValues() {
    return Arrays.asList(
        name,
        className,
        instanceName,
        inputs,
        executorId,
        appVersion,
        parentWorkflowId,
        caller.authenticatedUser(),
        caller.assumedRole(),
        caller.authenticatedRoles(),
        caller.request(),
        caller.traceContext());
  }
}
