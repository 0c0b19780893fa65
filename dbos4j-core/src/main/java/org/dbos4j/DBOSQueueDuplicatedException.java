package org.dbos4j;

/**
 * An enqueue was refused because a workflow with the same deduplication ID is already ENQUEUED,
 * DELAYED or PENDING on the queue. Nothing was recorded; once that workflow has finished, the ID is
 * free again.
 */
public class DBOSQueueDuplicatedException extends DBOSException {
  private static final long serialVersionUID = 1L;
  private final String queueName;
  private final String deduplicationId;

  public DBOSQueueDuplicatedException(String workflowId, String queueName, String deduplicationId) {
    super(
        "Workflow "
            + workflowId
            + " was not enqueued: queue '"
            + queueName
            + "' already holds an unfinished workflow with deduplication ID '"
            + deduplicationId
            + "'");
    this.queueName = queueName;
    this.deduplicationId = deduplicationId;
  }

  /** The queue that refused the enqueue. */
  public String queueName() {
    return queueName;
  }

  /** The deduplication ID already in use on the queue. */
  public String deduplicationId() {
    return deduplicationId;
  }
}
