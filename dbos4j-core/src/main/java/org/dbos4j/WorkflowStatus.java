package org.dbos4j;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a workflow's recorded state. Components may be added at the end in later versions;
 * read them through their accessors.
 *
 * @param queueName the queue the workflow was enqueued on, or null if it was started directly
 * @param parentWorkflowId the workflow that started this one as its child, or null
 * @param forkedFrom the workflow this one was forked from, or null
 * @param priority its priority on its queue (0 when none was given)
 * @param deduplicationId its deduplication ID on its queue, until it finishes; else null
 * @param partitionKey its partition key on a partitioned queue, or null
 * @param timeout how long it may run from its start, or null for no limit
 * @param deadline when it is cancelled unless finished, once it has started with a timeout
 * @param startedAt when it started running (for an enqueued workflow: when it was dequeued)
 * @param completedAt when it finished, or null while it has not
 */
public record WorkflowStatus(
    String workflowId,
    WorkflowState state,
    String name,
    @Nullable String className,
    @Nullable String instanceName,
    @Nullable String authenticatedUser,
    @Nullable String assumedRole,
    List<String> authenticatedRoles,
    Object @Nullable [] input,
    @Nullable Object output,
    @Nullable Throwable error,
    @Nullable String queueName,
    @Nullable String executorId,
    @Nullable String appVersion,
    int recoveryAttempts,
    Instant createdAt,
    Instant updatedAt,
    @Nullable String parentWorkflowId,
    @Nullable String forkedFrom,
    int priority,
    @Nullable String deduplicationId,
    @Nullable String partitionKey,
    @Nullable Duration timeout,
    @Nullable Instant deadline,
    @Nullable Instant startedAt,
    @Nullable Instant completedAt) {

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof WorkflowStatus s
        && workflowId.equals(s.workflowId)
        && state == s.state
        && name.equals(s.name)
        && Objects.equals(className, s.className)
        && Objects.equals(instanceName, s.instanceName)
        && Objects.equals(authenticatedUser, s.authenticatedUser)
        && Objects.equals(assumedRole, s.assumedRole)
        && authenticatedRoles.equals(s.authenticatedRoles)
        && Arrays.equals(input, s.input)
        && Objects.equals(output, s.output)
        && Objects.equals(error, s.error)
        && Objects.equals(queueName, s.queueName)
        && Objects.equals(executorId, s.executorId)
        && Objects.equals(appVersion, s.appVersion)
        && recoveryAttempts == s.recoveryAttempts
        && createdAt.equals(s.createdAt)
        && updatedAt.equals(s.updatedAt)
        && Objects.equals(parentWorkflowId, s.parentWorkflowId)
        && Objects.equals(forkedFrom, s.forkedFrom)
        && priority == s.priority
        && Objects.equals(deduplicationId, s.deduplicationId)
        && Objects.equals(partitionKey, s.partitionKey)
        && Objects.equals(timeout, s.timeout)
        && Objects.equals(deadline, s.deadline)
        && Objects.equals(startedAt, s.startedAt)
        && Objects.equals(completedAt, s.completedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(workflowId, state, name, recoveryAttempts, createdAt, updatedAt);
  }

  @Override
  public String toString() {
    return "WorkflowStatus[workflowId="
        + workflowId
        + ", state="
        + state
        + ", name="
        + name
        + ", input="
        + Arrays.toString(input)
        + ", output="
        + output
        + ", error="
        + error
        + ", queueName="
        + queueName
        + ", executorId="
        + executorId
        + ", appVersion="
        + appVersion
        + ", recoveryAttempts="
        + recoveryAttempts
        + "]";
  }
}
