package org.dbos4j;

import java.time.Duration;
import java.util.Objects;
import org.dbos4j.internal.context.WorkflowIds;
import org.jspecify.annotations.Nullable;

/** Options of {@link DBOS#startWorkflow(ThrowingSupplier, StartWorkflowOptions)}. */
public final class StartWorkflowOptions {
  private final @Nullable String workflowId;
  private final @Nullable String queue;
  private final @Nullable Duration timeout;
  private final int priority;
  private final @Nullable String deduplicationId;

  private StartWorkflowOptions(Builder b) {
    this.workflowId = b.workflowId;
    this.queue = b.queue;
    this.timeout = b.timeout;
    this.priority = b.priority;
    this.deduplicationId = b.deduplicationId;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The workflow's ID (its idempotency key); null means a random one. */
  public @Nullable String workflowId() {
    return workflowId;
  }

  /** The queue to enqueue the workflow on; null means run it at once. */
  public @Nullable String queue() {
    return queue;
  }

  /**
   * How long the workflow may run before it is cancelled (as by {@link DBOS#cancelWorkflow}, with
   * its descendants); null means no limit. The deadline counts from the start (for a queued
   * workflow: from its dequeue), is recorded with the workflow so that it holds across crashes, and
   * is inherited by its children (a child with a timeout of its own keeps the earlier deadline).
   */
  public @Nullable Duration timeout() {
    return timeout;
  }

  /** Priority within its queue (lower runs first); 0 by default. */
  public int priority() {
    return priority;
  }

  /** Deduplication key within its queue; null means none. */
  public @Nullable String deduplicationId() {
    return deduplicationId;
  }

  /** Builds {@link StartWorkflowOptions}. */
  public static final class Builder {
    private @Nullable String workflowId;
    private @Nullable String queue;
    private @Nullable Duration timeout;
    private int priority;
    private @Nullable String deduplicationId;

    private Builder() {}

    public Builder workflowId(String workflowId) {
      this.workflowId = WorkflowIds.check(workflowId);
      return this;
    }

    public Builder queue(String queue) {
      this.queue = Objects.requireNonNull(queue, "queue");
      return this;
    }

    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    public Builder priority(int priority) {
      if (priority < 0) {
        throw new IllegalArgumentException("priority must be 0 or more, got " + priority);
      }
      this.priority = priority;
      return this;
    }

    public Builder deduplicationId(String deduplicationId) {
      this.deduplicationId = Objects.requireNonNull(deduplicationId, "deduplicationId");
      return this;
    }

    public StartWorkflowOptions build() {
      return new StartWorkflowOptions(this);
    }
  }
}
