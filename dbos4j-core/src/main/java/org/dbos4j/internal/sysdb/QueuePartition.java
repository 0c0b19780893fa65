package org.dbos4j.internal.sysdb;

import org.jspecify.annotations.Nullable;

/**
 * A queue, or one partition of a partitioned queue: the unit whose limits a dequeue checks and
 * whose workflows run FIFO within a priority.
 *
 * @param partitionKey the partition key; null on an unpartitioned queue (and for the rows without a
 *     key on a partitioned one)
 */
public record QueuePartition(String queueName, @Nullable String partitionKey) {

  /** The queue partition of {@code row}, or null if the workflow is not on a queue. */
  public static @Nullable QueuePartition of(WorkflowRow row) {
    String queue = row.queueName();
    return queue == null ? null : new QueuePartition(queue, row.partitionKey());
  }

  @Override
  public String toString() {
    return partitionKey == null ? queueName : queueName + "[" + partitionKey + "]";
  }
}
