package org.dbos4j;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A snapshot of a workflow's recorded state. */
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
    Instant updatedAt) {

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
        && updatedAt.equals(s.updatedAt);
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
        + ", executorId="
        + executorId
        + ", appVersion="
        + appVersion
        + ", recoveryAttempts="
        + recoveryAttempts
        + "]";
  }
}
