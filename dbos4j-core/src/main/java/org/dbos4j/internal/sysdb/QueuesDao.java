package org.dbos4j.internal.sysdb;

import static org.dbos4j.internal.sysdb.WorkflowStatusDao.failure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.dbos4j.DBOSQueueDuplicatedException;
import org.dbos4j.internal.db.Engine;
import org.dbos4j.internal.db.NullOf;
import org.jspecify.annotations.Nullable;

/**
 * The queues in the {@code workflow_status} table: recording an enqueued workflow, and what the
 * dispatcher asks: which queues hold work, which DELAYED workflows are due, and the dequeue itself
 * (see {@link DequeueStatements}). Each method states its round trips.
 */
public final class QueuesDao {
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

  /*
   * One look for all the queues of a process: which partitions hold ENQUEUED workflows this
   * process may run, and when the first DELAYED one of each is due. On queues without work it
   * reads nothing but the partial indexes' empty ranges.
   */
  private static final String LOOK =
      """
      SELECT queue_name, queue_partition_key, status, min(delay_until_epoch_ms)
      FROM dbos.workflow_status
      WHERE status IN ('ENQUEUED', 'DELAYED') AND %s
        AND (status = 'DELAYED' OR application_version IS NULL OR application_version = ?)
      GROUP BY queue_name, queue_partition_key, status""";

  private static final String PROMOTE =
      """
      UPDATE dbos.workflow_status SET status = 'ENQUEUED', updated_at = ?
      WHERE status = 'DELAYED' AND delay_until_epoch_ms <= ? AND %s
      RETURNING queue_name, queue_partition_key""";

  private final SystemDatabase db;
  private final Engine engine;
  private final WorkflowStatusDao statuses;
  private final String appVersion;
  private final WriteSequence enqueueChild =
      new WriteSequence(WorkflowStatusDao.PARENT_STEP, ENQUEUE);
  private final Map<DequeueStatements.PartitionFilter, DequeueStatements> dequeues =
      new EnumMap<>(DequeueStatements.PartitionFilter.class);

  /**
   * @param executorId the executor that dequeued workflows are recorded as running in
   * @param processId the process that dequeued workflows are recorded as running in
   * @param appVersion this process's application version: it dequeues only workflows recorded with
   *     it (or with none)
   */
  public QueuesDao(
      SystemDatabase db,
      WorkflowStatusDao statuses,
      String executorId,
      String processId,
      String appVersion) {
    this.db = db;
    this.engine = db.engine();
    this.statuses = statuses;
    this.appVersion = appVersion;
    for (DequeueStatements.PartitionFilter f : DequeueStatements.PartitionFilter.values()) {
      dequeues.put(f, new DequeueStatements(engine, executorId, processId, appVersion, f));
    }
  }

  /**
   * Records an enqueued workflow: 1 round trip, 2 when the ID exists (then its row is returned as
   * recorded, unchanged).
   *
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

  /**
   * Dequeues workflows of one queue partition for this process: 1 round trip for all the workflows
   * it takes (see {@link DequeueStatements}).
   */
  public Dequeued dequeue(DequeueRequest r) {
    DequeueStatements statements = dequeues.get(DequeueStatements.PartitionFilter.of(r));
    try {
      return db.writeAtOnce(c -> statements.run(c, r));
    } catch (SQLException e) {
      throw failure(
          "dequeue workflows of queue " + new QueuePartition(r.queueName(), r.partitionKey()), e);
    }
  }

  /**
   * What the given queues hold: the partitions with ENQUEUED workflows this process may run, and
   * the earliest due time of each partition's DELAYED ones (1 round trip).
   */
  public List<QueueBacklog> look(Collection<String> queueNames) {
    String sql = LOOK.formatted(engine.inList("queue_name"));
    try {
      return db.read(
          c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              engine.bindList(ps, 1, queueNames);
              ps.setString(2, appVersion);
              List<QueueBacklog> found = new ArrayList<>();
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  QueuePartition p = new QueuePartition(rs.getString(1), rs.getString(2));
                  boolean enqueued = "ENQUEUED".equals(rs.getString(3));
                  long due = rs.getLong(4);
                  found.add(new QueueBacklog(p, enqueued, enqueued || rs.wasNull() ? null : due));
                }
              }
              return found;
            }
          });
    } catch (SQLException e) {
      throw failure("look for work on queues " + queueNames, e);
    }
  }

  /**
   * Makes the DELAYED workflows of the given queues that are due at {@code now} ENQUEUED; returns
   * their partitions (1 round trip).
   */
  public List<QueuePartition> promoteDue(Collection<String> queueNames, long now) {
    String sql = PROMOTE.formatted(engine.inList("queue_name"));
    try {
      return db.write(c -> promote(c, sql, queueNames, now));
    } catch (SQLException e) {
      throw failure("enqueue the due workflows of queues " + queueNames, e);
    }
  }

  private List<QueuePartition> promote(
      Connection c, String sql, Collection<String> queueNames, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, now);
      ps.setLong(2, now);
      engine.bindList(ps, 3, queueNames);
      List<QueuePartition> promoted = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          promoted.add(new QueuePartition(rs.getString(1), rs.getString(2)));
        }
      }
      return promoted;
    }
  }
}
