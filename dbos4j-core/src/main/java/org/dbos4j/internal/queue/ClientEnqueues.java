package org.dbos4j.internal.queue;

import io.opentelemetry.api.trace.Span;
import java.util.UUID;
import org.dbos4j.EnqueueOptions;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.sysdb.EnqueueDao;
import org.dbos4j.internal.sysdb.NewWorkflow;
import org.dbos4j.internal.sysdb.QueuePlacement;
import org.dbos4j.internal.sysdb.RecordedCaller;
import org.dbos4j.internal.time.TimeSource;
import org.dbos4j.internal.tracing.Tracing;
import org.jspecify.annotations.Nullable;

/**
 * Enqueues workflows by name from a process that registered neither them nor their queues (a
 * client): the row is the one a launched process's enqueue records (through the same {@link
 * EnqueueDao}, which on PostgreSQL notifies the dispatchers of every process), with the arguments
 * serialized by the same {@link JsonCodec}, each as its own class since no signature is known here.
 *
 * <p>Nothing here can check the queue: a queue is registered in the processes that run it, not in
 * the database. A workflow enqueued on a queue no process registers, or with a priority or
 * partition key its queue refuses, stays ENQUEUED until a process that registered such a queue runs
 * it.
 */
public final class ClientEnqueues {
  private final EnqueueDao queues;
  private final JsonCodec codec;
  private final TimeSource time;

  public ClientEnqueues(EnqueueDao queues, JsonCodec codec, TimeSource time) {
    this.queues = queues;
    this.codec = codec;
    this.time = time;
  }

  /**
   * Records the workflow ENQUEUED (DELAYED with a delay) in one round trip (two if its ID exists:
   * then nothing changes); returns its ID.
   *
   * @throws IllegalArgumentException if an argument cannot be serialized
   * @throws org.dbos4j.DBOSQueueDuplicatedException if the deduplication ID is taken on the queue
   * @throws org.dbos4j.DBOSWorkflowConflictException if the ID is taken by another workflow
   */
  public String enqueue(EnqueueOptions options, @Nullable Object[] args) {
    String workflowId =
        options.workflowId() != null ? options.workflowId() : UUID.randomUUID().toString();
    String inputs = codec.writeArgs(args, null);
    long now = time.millis();
    // The enqueuer's span, if any, is the parent of the execution's, as for any enqueue.
    String traceContext = Tracing.traceContext(Span.current());
    NewWorkflow row =
        new NewWorkflow(
            workflowId,
            options.workflowName(),
            options.className(),
            options.instanceName(),
            inputs,
            null,
            options.appVersion(),
            null,
            traceContext == null
                ? RecordedCaller.NONE
                : new RecordedCaller(null, null, null, null, traceContext),
            null,
            now,
            null,
            null);
    QueuePlacement placement =
        QueuedStarts.placement(
            options.queueName(),
            options.priority(),
            options.deduplicationId(),
            options.partitionKey(),
            options.delay(),
            options.timeout(),
            now);
    queues.enqueue(row, placement);
    return workflowId;
  }
}
