package org.dbos4j.internal.sysdb;

import static org.dbos4j.internal.sysdb.WorkflowStatusDao.failure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.dbos4j.internal.db.Engine;

/**
 * The queues in the {@code workflow_status} table as the dispatcher sees them: which queues hold
 * work, which DELAYED workflows are due, and the dequeue itself (see {@link DequeueStatements}).
 * Workflows are put on queues by {@link EnqueueDao}. Each method states its round trips.
 */
public final class QueuesDao {
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
  private final String appVersion;
  private final Map<DequeueStatements.PartitionFilter, DequeueStatements> dequeues =
      new EnumMap<>(DequeueStatements.PartitionFilter.class);

  /**
   * @param executorId the executor that dequeued workflows are recorded as running in
   * @param processId the process that dequeued workflows are recorded as running in
   * @param appVersion this process's application version: it dequeues only workflows recorded with
   *     it (or with none)
   */
  public QueuesDao(SystemDatabase db, String executorId, String processId, String appVersion) {
    this.db = db;
    this.engine = db.engine();
    this.appVersion = appVersion;
    for (DequeueStatements.PartitionFilter f : DequeueStatements.PartitionFilter.values()) {
      dequeues.put(f, new DequeueStatements(engine, executorId, processId, appVersion, f));
    }
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
