package org.dbos4j;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link DBOSClient#enqueue(EnqueueOptions, Object...)} enqueues: a workflow by name, the
 * queue it goes on, and its place there. A launched process that registered a workflow of that name
 * (and instance) and a queue of that name runs it.
 *
 * <pre>{@code
 * EnqueueOptions.builder("OrdersImpl.checkout", "payments")
 *     .workflowId("order-43").priority(1).timeout(Duration.ofMinutes(5)).build();
 * }</pre>
 */
public final class EnqueueOptions {
  private final String workflowName;
  private final String queueName;
  private final @Nullable String workflowId;
  private final @Nullable String className;
  private final String instanceName;
  private final @Nullable String appVersion;
  private final int priority;
  private final @Nullable String deduplicationId;
  private final @Nullable String partitionKey;
  private final Duration delay;
  private final @Nullable Duration timeout;

  private EnqueueOptions(Builder b) {
    this.workflowName = b.workflowName;
    this.queueName = b.queueName;
    this.workflowId = b.workflowId;
    this.className = b.className;
    this.instanceName = b.instanceName;
    this.appVersion = b.appVersion;
    this.priority = b.priority;
    this.deduplicationId = b.deduplicationId;
    this.partitionKey = b.partitionKey;
    this.delay = b.delay;
    this.timeout = b.timeout;
  }

  /**
   * Options to enqueue the workflow {@code workflowName} (as registered: {@code <implementation
   * class simple name>.<method>} unless named otherwise) on the queue {@code queueName}.
   */
  public static Builder builder(String workflowName, String queueName) {
    return new Builder(workflowName, queueName);
  }

  /** The workflow's registered name. */
  public String workflowName() {
    return workflowName;
  }

  /** The queue it is enqueued on. */
  public String queueName() {
    return queueName;
  }

  /** The workflow's ID (its idempotency key); null means a random one. */
  public @Nullable String workflowId() {
    return workflowId;
  }

  /**
   * The binary name ({@link Class#getName()}) of the workflow's implementation class, recorded with
   * it for listings; null if not given. Which workflow runs is chosen by name and instance alone.
   */
  public @Nullable String className() {
    return className;
  }

  /** The registered instance name of the workflow's implementation; "" (the default) for none. */
  public String instanceName() {
    return instanceName;
  }

  /**
   * The application version that may run it; null (the default) means any launched process that
   * registered the workflow and the queue.
   */
  public @Nullable String appVersion() {
    return appVersion;
  }

  /** See {@link StartWorkflowOptions#priority()}; 0 by default. */
  public int priority() {
    return priority;
  }

  /** See {@link StartWorkflowOptions#deduplicationId()}; null means none. */
  public @Nullable String deduplicationId() {
    return deduplicationId;
  }

  /** See {@link StartWorkflowOptions#partitionKey()}; null means none. */
  public @Nullable String partitionKey() {
    return partitionKey;
  }

  /** How long it stays DELAYED before it is ENQUEUED; zero by default. */
  public Duration delay() {
    return delay;
  }

  /** See {@link StartWorkflowOptions#timeout()}: counts from its dequeue; null means no limit. */
  public @Nullable Duration timeout() {
    return timeout;
  }

  /** Builds {@link EnqueueOptions}; {@link #build()} checks the values. */
  public static final class Builder {
    private final String workflowName;
    private final String queueName;
    private @Nullable String workflowId;
    private @Nullable String className;
    private String instanceName = "";
    private @Nullable String appVersion;
    private int priority;
    private @Nullable String deduplicationId;
    private @Nullable String partitionKey;
    private Duration delay = Duration.ZERO;
    private @Nullable Duration timeout;

    private Builder(String workflowName, String queueName) {
      this.workflowName = Objects.requireNonNull(workflowName, "workflowName");
      this.queueName = Objects.requireNonNull(queueName, "queueName");
    }

    /** The workflow's ID; non-blank. */
    public Builder workflowId(String workflowId) {
      this.workflowId = Objects.requireNonNull(workflowId, "workflowId");
      return this;
    }

    /** The binary name of the workflow's implementation class; non-blank. */
    public Builder className(String className) {
      this.className = Objects.requireNonNull(className, "className");
      return this;
    }

    /** The registered instance name of the workflow's implementation ("" for none). */
    public Builder instanceName(String instanceName) {
      this.instanceName = Objects.requireNonNull(instanceName, "instanceName");
      return this;
    }

    /** The application version that may run it; non-blank. */
    public Builder appVersion(String appVersion) {
      this.appVersion = Objects.requireNonNull(appVersion, "appVersion");
      return this;
    }

    /** The priority on a queue with priorities: 1 is the most urgent; 0 (the default) or more. */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /** The deduplication ID within the queue; non-blank. */
    public Builder deduplicationId(String deduplicationId) {
      this.deduplicationId = Objects.requireNonNull(deduplicationId, "deduplicationId");
      return this;
    }

    /** The partition key, required on a partitioned queue and refused on others; non-blank. */
    public Builder partitionKey(String partitionKey) {
      this.partitionKey = Objects.requireNonNull(partitionKey, "partitionKey");
      return this;
    }

    /** Keeps the workflow DELAYED for {@code delay} (zero or more) before it may run. */
    public Builder delay(Duration delay) {
      this.delay = Objects.requireNonNull(delay, "delay");
      return this;
    }

    /** How long it may run once dequeued; positive. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Builds the options.
     *
     * @throws IllegalArgumentException naming the property if a name or ID is blank, the priority
     *     is negative, the delay negative, or the timeout not positive
     */
    public EnqueueOptions build() {
      requireNonBlank("workflowName", workflowName);
      requireNonBlank("queueName", queueName);
      requireNonBlank("workflowId", workflowId);
      requireNonBlank("className", className);
      requireNonBlank("appVersion", appVersion);
      requireNonBlank("deduplicationId", deduplicationId);
      requireNonBlank("partitionKey", partitionKey);
      if (priority < 0) {
        throw new IllegalArgumentException("priority must be 0 or more, got " + priority);
      }
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must be zero or more, got " + delay);
      }
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      return new EnqueueOptions(this);
    }

    private static void requireNonBlank(String property, @Nullable String value) {
      if (value != null && value.isBlank()) {
        throw new IllegalArgumentException(property + " must not be blank, got '" + value + "'");
      }
    }
  }
}
