package org.dbos4j;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A named queue of workflows with flow control, registered with {@link DBOS#registerQueue(Queue)}
 * before launch. A workflow started with {@link StartWorkflowOptions.Builder#queue(Queue)} is
 * recorded {@code ENQUEUED} and started later by any launched process that registered a queue of
 * that name, FIFO within a priority, as the limits allow. Immutable.
 *
 * <pre>{@code
 * Queue payments = Queue.builder("payments")
 *     .concurrency(10)                      // at most 10 PENDING at once, all processes together
 *     .workerConcurrency(2)                 // at most 2 at once in this process
 *     .rateLimit(50, Duration.ofSeconds(1)) // at most 50 started in any 1 s (sliding window)
 *     .build();
 * }</pre>
 *
 * <p>Every process that shares the system database should register a queue with the same limits:
 * each process enforces the global ones ({@code concurrency}, the rate limit) against what the
 * database records of all processes, and its worker concurrency against its own executions.
 */
public final class Queue {
  private final String name;
  private final @Nullable Integer concurrency;
  private final @Nullable Integer workerConcurrency;
  private final @Nullable Integer rateLimit;
  private final @Nullable Duration rateLimitPeriod;
  private final boolean priorityEnabled;
  private final boolean partitioned;

  private Queue(Builder b) {
    this.name = b.name;
    this.concurrency = b.concurrency;
    this.workerConcurrency = b.workerConcurrency;
    this.rateLimit = b.rateLimit;
    this.rateLimitPeriod = b.rateLimitPeriod;
    this.priorityEnabled = b.priorityEnabled;
    this.partitioned = b.partitioned;
  }

  /** A builder of a queue named {@code name}, without limits. */
  public static Builder builder(String name) {
    return new Builder(Objects.requireNonNull(name, "name"));
  }

  /** The queue's name, unique among the registered queues. */
  public String name() {
    return name;
  }

  /**
   * How many of the queue's workflows may be PENDING at once, in all processes together (per
   * partition key on a partitioned queue); null means no limit.
   */
  public @Nullable Integer concurrency() {
    return concurrency;
  }

  /**
   * How many of the queue's workflows this process runs at once (per partition key on a partitioned
   * queue); null means no limit.
   */
  public @Nullable Integer workerConcurrency() {
    return workerConcurrency;
  }

  /**
   * How many workflows may start per {@link #rateLimitPeriod()} (a sliding window, all processes
   * together, per partition key on a partitioned queue); null means no limit.
   */
  public @Nullable Integer rateLimit() {
    return rateLimit;
  }

  /** The window of {@link #rateLimit()}; null when there is no rate limit. */
  public @Nullable Duration rateLimitPeriod() {
    return rateLimitPeriod;
  }

  /** Whether the queue honours {@link StartWorkflowOptions#priority()}. */
  public boolean priorityEnabled() {
    return priorityEnabled;
  }

  /**
   * Whether the queue is partitioned: each workflow names a partition key, and the limits apply to
   * each key separately.
   */
  public boolean partitioned() {
    return partitioned;
  }

  @Override
  public String toString() {
    return "Queue[name="
        + name
        + ", concurrency="
        + concurrency
        + ", workerConcurrency="
        + workerConcurrency
        + ", rateLimit="
        + (rateLimit == null ? "none" : rateLimit + " per " + rateLimitPeriod)
        + ", priorityEnabled="
        + priorityEnabled
        + ", partitioned="
        + partitioned
        + "]";
  }

  /** Builds a {@link Queue}; {@link #build()} checks the values. */
  public static final class Builder {
    private final String name;
    private @Nullable Integer concurrency;
    private @Nullable Integer workerConcurrency;
    private @Nullable Integer rateLimit;
    private @Nullable Duration rateLimitPeriod;
    private boolean priorityEnabled;
    private boolean partitioned;

    private Builder(String name) {
      this.name = name;
    }

    /** At most {@code concurrency} workflows PENDING at once, all processes together (≥ 1). */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /** At most {@code workerConcurrency} workflows at once in this process (≥ 1). */
    public Builder workerConcurrency(int workerConcurrency) {
      this.workerConcurrency = workerConcurrency;
      return this;
    }

    /** At most {@code limit} (≥ 1) workflows started in any window of {@code period} (> 0). */
    public Builder rateLimit(int limit, Duration period) {
      this.rateLimit = limit;
      this.rateLimitPeriod = Objects.requireNonNull(period, "period");
      return this;
    }

    /** Whether to honour the priority of the workflows enqueued (default false). */
    public Builder priorityEnabled(boolean priorityEnabled) {
      this.priorityEnabled = priorityEnabled;
      return this;
    }

    /** Whether the limits apply to each partition key separately (default false). */
    public Builder partitioned(boolean partitioned) {
      this.partitioned = partitioned;
      return this;
    }

    /**
     * Checks the values and builds the queue.
     *
     * @throws IllegalArgumentException naming the bad property and its allowed range
     */
    public Queue build() {
      if (name.isBlank()) {
        throw new IllegalArgumentException("Queue name must not be blank");
      }
      if (concurrency != null && concurrency < 1) {
        throw new IllegalArgumentException(
            "concurrency of queue '" + name + "' must be at least 1, got " + concurrency);
      }
      if (workerConcurrency != null && workerConcurrency < 1) {
        throw new IllegalArgumentException(
            "workerConcurrency of queue '"
                + name
                + "' must be at least 1, got "
                + workerConcurrency);
      }
      if (concurrency != null && workerConcurrency != null && workerConcurrency > concurrency) {
        throw new IllegalArgumentException(
            "workerConcurrency of queue '"
                + name
                + "' must not exceed its concurrency "
                + concurrency
                + ", got "
                + workerConcurrency);
      }
      if (rateLimit != null && rateLimit < 1) {
        throw new IllegalArgumentException(
            "rateLimit of queue '" + name + "' must be at least 1, got " + rateLimit);
      }
      if (rateLimitPeriod != null && (rateLimitPeriod.isNegative() || rateLimitPeriod.isZero())) {
        throw new IllegalArgumentException(
            "rateLimit period of queue '" + name + "' must be positive, got " + rateLimitPeriod);
      }
      return new Queue(this);
    }
  }
}
