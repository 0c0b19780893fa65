package org.dbos4j.internal.queue;

import java.time.Duration;
import java.util.Objects;
import org.dbos4j.DBOSException;
import org.dbos4j.Queue;
import org.dbos4j.StartWorkflowOptions;
import org.dbos4j.internal.context.Identity;
import org.dbos4j.internal.execution.WorkflowStarts;
import org.dbos4j.internal.registry.RegisteredQueues;
import org.dbos4j.internal.registry.RegisteredWorkflow;
import org.dbos4j.internal.sysdb.QueuePartition;
import org.dbos4j.internal.sysdb.QueuePlacement;
import org.dbos4j.internal.time.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * Enqueues workflows: checks the options against the queue (nothing is recorded for a refused
 * enqueue), records the workflow ENQUEUED or DELAYED through {@link WorkflowStarts#enqueue}, and
 * tells this process's dispatcher, which dequeues it at once or when it is due.
 */
public final class QueuedStarts {
  private final RegisteredQueues queues;
  private final WorkflowStarts starts;
  private final @Nullable QueueDispatcher dispatcher;
  private final TimeSource time;

  /**
   * @param dispatcher this process's dispatcher; null when no queue is registered, so that every
   *     enqueue is refused
   */
  public QueuedStarts(
      RegisteredQueues queues,
      WorkflowStarts starts,
      @Nullable QueueDispatcher dispatcher,
      TimeSource time) {
    this.queues = queues;
    this.starts = starts;
    this.dispatcher = dispatcher;
    this.time = time;
  }

  /**
   * Enqueues the workflow {@code wf} with {@code args} as {@code options} say ({@code
   * options.queue()} is set); returns once it is recorded.
   *
   * @param identity who enqueues it, recorded with it
   * @throws DBOSException naming the queue if it is not registered or refuses the options
   * @throws org.dbos4j.DBOSQueueDuplicatedException if the deduplication ID is taken
   */
  public WorkflowStarts.Started enqueue(
      RegisteredWorkflow wf, Object[] args, StartWorkflowOptions options, Identity identity) {
    QueuePlacement placement = placement(options);
    WorkflowStarts.Started started =
        starts.enqueue(wf, args, options.workflowId(), identity, placement);
    Objects.requireNonNull(dispatcher, "a registered queue has a dispatcher")
        .enqueued(
            new QueuePartition(placement.queueName(), placement.partitionKey()), placement.dueAt());
    return started;
  }

  /** Where {@code options} put the workflow, checked against its queue. */
  private QueuePlacement placement(StartWorkflowOptions options) {
    String name = Objects.requireNonNull(options.queue(), "options.queue()");
    Queue queue = queues.queue(name);
    if (queue == null) {
      throw new DBOSException(
          "Queue '"
              + name
              + "' is not registered; register it with DBOS.registerQueue before DBOS.launch()");
    }
    if (options.priority() != 0 && !queue.priorityEnabled()) {
      throw new DBOSException(
          "Queue '"
              + name
              + "' does not take priorities (priority "
              + options.priority()
              + " given); build it with priorityEnabled(true)");
    }
    if (queue.partitioned() && options.partitionKey() == null) {
      throw new DBOSException(
          "Queue '" + name + "' is partitioned: give a partitionKey to enqueue on it");
    }
    if (!queue.partitioned() && options.partitionKey() != null) {
      throw new DBOSException(
          "Queue '"
              + name
              + "' is not partitioned, so it takes no partitionKey; build it with"
              + " partitioned(true)");
    }
    return placement(
        name,
        options.priority(),
        options.deduplicationId(),
        options.partitionKey(),
        options.delay(),
        options.timeout(),
        time.millis());
  }

  /**
   * Where an enqueue at {@code now} puts a workflow, whoever enqueues it (a launched process or a
   * client): DELAYED until {@code now + delay} unless the delay is zero; its timeout counts from
   * its dequeue.
   */
  static QueuePlacement placement(
      String queueName,
      int priority,
      @Nullable String deduplicationId,
      @Nullable String partitionKey,
      Duration delay,
      @Nullable Duration timeout,
      long now) {
    return new QueuePlacement(
        queueName,
        priority,
        deduplicationId,
        partitionKey,
        delay.isZero() ? null : TimeSource.millisAfter(now, delay),
        timeout == null ? null : timeout.toMillis());
  }
}
