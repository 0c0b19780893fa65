package org.dbos4j.internal.sysdb;

import static org.dbos4j.internal.sysdb.WorkflowStatusDao.failure;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dbos4j.DBOSQueueDuplicatedException;
import org.dbos4j.DBOSWorkflowConflictException;
import org.dbos4j.internal.db.Engine;
import org.dbos4j.internal.db.NullOf;
import org.jspecify.annotations.Nullable;

/**
 * Putting workflows on queues: the {@code workflow_status} row of an enqueued workflow, written by
 * a launched process's enqueue and by a client's alike (the dispatcher's side is {@link
 * QueuesDao}). Each method states its round trips.
 */
public final class EnqueueDao {
  /*
   * An enqueued workflow is recorded ENQUEUED, or DELAYED until its delay has passed, not started:
   * no start time, no execution counted. An existing ID is left as it is (the caller gets a handle
   * on it); a deduplication ID in use fails the INSERT on its unique index.
   */
  private static final String ENQUEUE =
      """
      INSERT INTO dbos.workflow_status (workflow_uuid, status, %s, serialization, created_at,
        updated_at, recovery_attempts, queue_name, priority, deduplication_id, queue_partition_key,
        delay_until_epoch_ms, workflow_timeout_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'dbos4j-json', ?, ?, 0, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (workflow_uuid) DO NOTHING"""
          .formatted(NewWorkflow.DESCRIBING_COLUMNS);

  private static final String DEDUPLICATION_INDEX = "uq_workflow_status_queue_name_dedup_id";

  private final SystemDatabase db;
  private final Engine engine;
  private final WorkflowStatusDao statuses;
  private final WriteSequence enqueueChild =
      new WriteSequence(WorkflowStatusDao.PARENT_STEP, ENQUEUE);

  public EnqueueDao(SystemDatabase db, WorkflowStatusDao statuses) {
    this.db = db;
    this.engine = db.engine();
    this.statuses = statuses;
  }

  /**
   * Records an enqueued workflow: 1 round trip, 2 when the ID exists (then its row is returned as
   * recorded, unchanged).
   *
   * @throws DBOSWorkflowConflictException if the ID is taken by a workflow of another name
   * @throws DBOSQueueDuplicatedException if the queue holds an unfinished workflow with the same
   *     deduplication ID; nothing is recorded
   */
  public StartedWorkflow enqueue(NewWorkflow w, QueuePlacement q) {
    return enqueue(w, q, BatchableUpdate.of(ENQUEUE, enqueueArgs(w, q)));
  }

  /**
   * Records an enqueued child workflow together with its parent's checkpoint of the child's ID at
   * {@code functionId} (the checkpoint is written also when the ID exists): as {@link #enqueue}.
   */
  public StartedWorkflow enqueueChild(
      NewWorkflow w, QueuePlacement q, String parentId, int functionId) {
    return enqueue(
        w,
        q,
        enqueueChild.update(
            engine, WorkflowStatusDao.parentStepArgs(w, parentId, functionId), enqueueArgs(w, q)));
  }

  private StartedWorkflow enqueue(NewWorkflow w, QueuePlacement q, SqlWork<Integer> insert) {
    int inserted;
    try {
      inserted = db.write(insert);
    } catch (SQLException e) {
      if (q.deduplicationId() != null
          && engine.isUniqueViolation(
              e, DEDUPLICATION_INDEX, "workflow_status", "queue_name", "deduplication_id")) {
        throw new DBOSQueueDuplicatedException(w.workflowId(), q.queueName(), q.deduplicationId());
      }
      throw failure("enqueue workflow " + w.workflowId(), e);
    }
    if (inserted == 1) {
      return new StartedWorkflow(true, enqueuedRow(w, q));
    }
    WorkflowRow existing = statuses.find(w.workflowId());
    if (existing == null) {
      // deleted between the two statements: as good as never enqueued, so record it now
      return enqueue(w, q, BatchableUpdate.of(ENQUEUE, enqueueArgs(w, q)));
    }
    if (!existing.name().equals(w.name())) {
      throw new DBOSWorkflowConflictException(w.workflowId(), existing.name(), w.name());
    }
    return new StartedWorkflow(false, existing);
  }

  private static Object[] enqueueArgs(NewWorkflow w, QueuePlacement q) {
    List<@Nullable Object> args = new ArrayList<>(24);
    args.add(w.workflowId());
    args.add(status(q));
    args.addAll(w.describingValues());
    args.addAll(
        Arrays.asList(
            w.now(),
            w.now(),
            q.queueName(),
            q.priority(),
            q.deduplicationId(),
            q.partitionKey(),
            q.dueAt() == null ? NullOf.BIGINT : q.dueAt(),
            q.timeoutMillis() == null ? NullOf.BIGINT : q.timeoutMillis()));
    return args.toArray();
  }

  private static String status(QueuePlacement q) {
    return q.dueAt() == null ? "ENQUEUED" : "DELAYED";
  }

  /** The row that a successful enqueue of {@code w} wrote. */
  private static WorkflowRow enqueuedRow(NewWorkflow w, QueuePlacement q) {
    return new WorkflowRow(
        w.workflowId(),
        status(q),
        w.name(),
        w.className(),
        w.instanceName(),
        w.inputs(),
        null,
        null,
        w.executorId(),
        w.appVersion(),
        q.queueName(),
        w.caller(),
        null,
        0,
        w.now(),
        w.now(),
        w.parentWorkflowId(),
        null,
        q.priority(),
        q.deduplicationId(),
        q.partitionKey(),
        q.timeoutMillis(),
        null,
        null,
        null);
  }
}
