package org.dbos4j;

import java.time.Duration;
import java.util.Objects;
import org.dbos4j.internal.context.WorkflowIds;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@link DBOS#startWorkflow(ThrowingSupplier, StartWorkflowOptions)}: the workflow's ID
 * and, for a workflow enqueued rather than started at once, its queue and its place there
 * (priority, deduplication ID, partition key, delay).
 */
public final class StartWorkflowOptions {
  private final @Nullable String workflowId;
  private final @Nullable String queue;
  private final @Nullable Duration timeout;
  private final int priority;
  private final @Nullable String deduplicationId;
  private final @Nullable String partitionKey;
  private final Duration delay;

  private StartWorkflowOptions(Builder b) {
    this.workflowId = b.workflowId;
    this.queue = b.queue;
    this.timeout = b.timeout;
    this.priority = b.priority;
    this.deduplicationId = b.deduplicationId;
    this.partitionKey = b.partitionKey;
    this.delay = b.delay;
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

  /**
   * Priority within its queue: 1 is the most urgent, then 2, ... up to {@link Integer#MAX_VALUE}; 0
   * (the default) runs ahead of every prioritised workflow. Only on a queue with {@link
   * Queue#priorityEnabled()}.
   */
  public int priority() {
    return priority;
  }

  /**
   * Deduplication key within its queue: while a workflow enqueued with it is ENQUEUED, DELAYED or
   * PENDING, another enqueue with it throws {@link DBOSQueueDuplicatedException}; null means none.
   */
  public @Nullable String deduplicationId() {
    return deduplicationId;
  }

  /** The partition of a partitioned queue the workflow goes to; null on other queues. */
  public @Nullable String partitionKey() {
    return partitionKey;
  }

  /** How long the enqueued workflow stays DELAYED before it is ENQUEUED; zero by default. */
  public Duration delay() {
    return delay;
  }

  /** Builds {@link StartWorkflowOptions}. */
  public static final class Builder {
    private @Nullable String workflowId;
    private @Nullable String queue;
    private @Nullable Duration timeout;
    private int priority;
    private @Nullable String deduplicationId;
    private @Nullable String partitionKey;
    private Duration delay = Duration.ZERO;

    private Builder() {}

    public Builder workflowId(String workflowId) {
      this.workflowId = WorkflowIds.check(workflowId);
      return this;
    }

    /** Enqueues the workflow on the registered queue of this name. */
    public Builder queue(String queue) {
      Objects.requireNonNull(queue, "queue");
      if (queue.isBlank()) {
        throw new IllegalArgumentException("queue name must not be blank");
      }
      this.queue = queue;
      return this;
    }

    /** Enqueues the workflow on {@code queue}, which must be registered. */
    public Builder queue(Queue queue) {
      return queue(Objects.requireNonNull(queue, "queue").name());
    }

    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** The priority on a queue with priorities: 1 is the most urgent; 0 (the default) or more. */
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

    /** The partition key, required on a partitioned queue and refused on others. */
    public Builder partitionKey(String partitionKey) {
      this.partitionKey = Objects.requireNonNull(partitionKey, "partitionKey");
      return this;
    }

    /** Keeps the enqueued workflow DELAYED for {@code delay} (zero or more) before it may run. */
    public Builder delay(Duration delay) {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative, got " + delay);
      }
      this.delay = delay;
      return this;
    }

    /**
     * Builds the options.
     *
     * @throws IllegalArgumentException if a priority, deduplication ID, partition key or delay is
     *     given without a queue
     */
    public StartWorkflowOptions build() {
      if (queue == null) {
        requireQueue("priority", priority != 0);
        requireQueue("deduplicationId", deduplicationId != null);
        requireQueue("partitionKey", partitionKey != null);
        requireQueue("delay", !delay.isZero());
      }
      return new StartWorkflowOptions(this);
    }

    private static void requireQueue(String property, boolean set) {
      if (set) {
        throw new IllegalArgumentException(
            property + " applies to enqueued workflows only; set a queue as well");
      }
    }
  }
}
