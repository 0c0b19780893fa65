package org.dbos4j.internal.sysdb;

import org.jspecify.annotations.Nullable;

/**
 * One dequeue: up to {@code maxRows} ENQUEUED workflows of a queue (of one partition key on a
 * partitioned queue), as far as the queue's limits over all processes allow.
 *
 * @param partitionKey the partition on a partitioned queue (null: the rows without a key)
 * @param concurrency at most this many of the queue's (partition's) workflows PENDING, or null
 * @param rateLimit at most this many dequeued within {@code ratePeriodMillis}, or null
 * @param maxRows at most this many now: what this process may start (its worker concurrency)
 * @param now the time of the dequeue, in epoch milliseconds
 */
public record DequeueRequest(
    String queueName,
    boolean partitioned,
    @Nullable String partitionKey,
    @Nullable Integer concurrency,
    @Nullable Integer rateLimit,
    long ratePeriodMillis,
    int maxRows,
    long now) {

  /** Whether the dequeue must count what all processes run: then dequeues take turns. */
  boolean limitedGlobally() {
    return concurrency != null || rateLimit != null;
  }
}
