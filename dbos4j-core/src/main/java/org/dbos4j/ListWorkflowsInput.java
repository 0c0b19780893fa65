package org.dbos4j;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The filters, order and page of {@link DBOS#listWorkflows}. Filters combine with AND; an unset
 * filter matches every workflow, so {@code ListWorkflowsInput.builder().build()} lists them all.
 * Results are ordered by creation time, then workflow ID: ascending unless {@link
 * #sortDescending()}.
 */
public final class ListWorkflowsInput {
  private final @Nullable List<String> workflowIds;
  private final @Nullable String name;
  private final @Nullable List<WorkflowState> states;
  private final @Nullable String queueName;
  private final @Nullable String authenticatedUser;
  private final @Nullable String appVersion;
  private final @Nullable String executorId;
  private final @Nullable String parentWorkflowId;
  private final @Nullable String forkedFrom;
  private final @Nullable String workflowIdPrefix;
  private final @Nullable Instant createdAfter;
  private final @Nullable Instant createdBefore;
  private final @Nullable Integer limit;
  private final int offset;
  private final boolean sortDescending;
  private final boolean loadInput;
  private final boolean loadOutput;

  private ListWorkflowsInput(Builder b) {
    this.workflowIds = b.workflowIds;
    this.name = b.name;
    this.states = b.states;
    this.queueName = b.queueName;
    this.authenticatedUser = b.authenticatedUser;
    this.appVersion = b.appVersion;
    this.executorId = b.executorId;
    this.parentWorkflowId = b.parentWorkflowId;
    this.forkedFrom = b.forkedFrom;
    this.workflowIdPrefix = b.workflowIdPrefix;
    this.createdAfter = b.createdAfter;
    this.createdBefore = b.createdBefore;
    this.limit = b.limit;
    this.offset = b.offset;
    this.sortDescending = b.sortDescending;
    this.loadInput = b.loadInput;
    this.loadOutput = b.loadOutput;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Only these workflow IDs; null for any. */
  public @Nullable List<String> workflowIds() {
    return workflowIds;
  }

  /** Only workflows of this name ({@link WorkflowStatus#name()}); null for any. */
  public @Nullable String name() {
    return name;
  }

  /** Only workflows in one of these states; null for any. */
  public @Nullable List<WorkflowState> states() {
    return states;
  }

  /** Only workflows enqueued on this queue; null for any. */
  public @Nullable String queueName() {
    return queueName;
  }

  /** Only workflows started by this authenticated user; null for any. */
  public @Nullable String authenticatedUser() {
    return authenticatedUser;
  }

  /** Only workflows of this application version; null for any. */
  public @Nullable String appVersion() {
    return appVersion;
  }

  /** Only workflows recorded by this executor; null for any. */
  public @Nullable String executorId() {
    return executorId;
  }

  /** Only children of this workflow; null for any. */
  public @Nullable String parentWorkflowId() {
    return parentWorkflowId;
  }

  /** Only forks of this workflow; null for any. */
  public @Nullable String forkedFrom() {
    return forkedFrom;
  }

  /** Only workflow IDs that start with this (case-sensitive); null for any. */
  public @Nullable String workflowIdPrefix() {
    return workflowIdPrefix;
  }

  /** Only workflows created at or after this time; null for any. */
  public @Nullable Instant createdAfter() {
    return createdAfter;
  }

  /** Only workflows created at or before this time; null for any. */
  public @Nullable Instant createdBefore() {
    return createdBefore;
  }

  /** At most this many workflows (1 or more); null for all. */
  public @Nullable Integer limit() {
    return limit;
  }

  /** How many of the ordered matches to skip (0 or more); 0 by default. */
  public int offset() {
    return offset;
  }

  /** Whether the newest come first; false (oldest first) by default. */
  public boolean sortDescending() {
    return sortDescending;
  }

  /** Whether to read each workflow's input; true by default, false leaves it null. */
  public boolean loadInput() {
    return loadInput;
  }

  /** Whether to read each workflow's output and error; true by default, false leaves them null. */
  public boolean loadOutput() {
    return loadOutput;
  }

  /** Builds {@link ListWorkflowsInput}; every property is optional. */
  public static final class Builder {
    private @Nullable List<String> workflowIds;
    private @Nullable String name;
    private @Nullable List<WorkflowState> states;
    private @Nullable String queueName;
    private @Nullable String authenticatedUser;
    private @Nullable String appVersion;
    private @Nullable String executorId;
    private @Nullable String parentWorkflowId;
    private @Nullable String forkedFrom;
    private @Nullable String workflowIdPrefix;
    private @Nullable Instant createdAfter;
    private @Nullable Instant createdBefore;
    private @Nullable Integer limit;
    private int offset;
    private boolean sortDescending;
    private boolean loadInput = true;
    private boolean loadOutput = true;

    private Builder() {}

    public Builder workflowIds(List<String> workflowIds) {
      this.workflowIds = List.copyOf(Objects.requireNonNull(workflowIds, "workflowIds"));
      return this;
    }

    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder states(List<WorkflowState> states) {
      this.states = List.copyOf(Objects.requireNonNull(states, "states"));
      return this;
    }

    public Builder queueName(String queueName) {
      this.queueName = Objects.requireNonNull(queueName, "queueName");
      return this;
    }

    public Builder authenticatedUser(String authenticatedUser) {
      this.authenticatedUser = Objects.requireNonNull(authenticatedUser, "authenticatedUser");
      return this;
    }

    public Builder appVersion(String appVersion) {
      this.appVersion = Objects.requireNonNull(appVersion, "appVersion");
      return this;
    }

    public Builder executorId(String executorId) {
      this.executorId = Objects.requireNonNull(executorId, "executorId");
      return this;
    }

    public Builder parentWorkflowId(String parentWorkflowId) {
      this.parentWorkflowId = Objects.requireNonNull(parentWorkflowId, "parentWorkflowId");
      return this;
    }

    public Builder forkedFrom(String forkedFrom) {
      this.forkedFrom = Objects.requireNonNull(forkedFrom, "forkedFrom");
      return this;
    }

    public Builder workflowIdPrefix(String workflowIdPrefix) {
      this.workflowIdPrefix = Objects.requireNonNull(workflowIdPrefix, "workflowIdPrefix");
      return this;
    }

    /** Inclusive. */
    public Builder createdAfter(Instant createdAfter) {
      this.createdAfter = Objects.requireNonNull(createdAfter, "createdAfter");
      return this;
    }

    /** Inclusive. */
    public Builder createdBefore(Instant createdBefore) {
      this.createdBefore = Objects.requireNonNull(createdBefore, "createdBefore");
      return this;
    }

    /** At most {@code limit} workflows, 1 or more. */
    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    /** Skips the first {@code offset} matches, 0 or more. */
    public Builder offset(int offset) {
      this.offset = offset;
      return this;
    }

    public Builder sortDescending(boolean sortDescending) {
      this.sortDescending = sortDescending;
      return this;
    }

    public Builder loadInput(boolean loadInput) {
      this.loadInput = loadInput;
      return this;
    }

    public Builder loadOutput(boolean loadOutput) {
      this.loadOutput = loadOutput;
      return this;
    }

    /**
     * Builds the input.
     *
     * @throws IllegalArgumentException if {@code limit} is below 1 or {@code offset} below 0
     */
    public ListWorkflowsInput build() {
      if (limit != null && limit < 1) {
        throw new IllegalArgumentException("limit must be 1 or more, got " + limit);
      }
      if (offset < 0) {
        throw new IllegalArgumentException("offset must be 0 or more, got " + offset);
      }
      return new ListWorkflowsInput(this);
    }
  }
}
