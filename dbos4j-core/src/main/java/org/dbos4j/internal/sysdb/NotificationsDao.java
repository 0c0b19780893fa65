package org.dbos4j.internal.sysdb;

import static org.dbos4j.internal.sysdb.WorkflowStatusDao.failure;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.dbos4j.DBOSNonExistentWorkflowException;
import org.dbos4j.internal.db.Engine;
import org.dbos4j.internal.db.Statements;
import org.jspecify.annotations.Nullable;

/**
 * The {@code notifications} table: messages sent with {@code send} and consumed by {@code recv}.
 * Every method is one statement on an auto-commit connection: one round trip. A trigger sends
 * {@code pg_notify('dbos_notifications_channel', '<destination>::<topic>')} in the inserting
 * transaction, for messages that go in unconsumed (a message handed to a waiting recv goes in
 * consumed, and nobody else needs to hear of it).
 */
public final class NotificationsDao {
  /** Stands for "no topic" in the {@code topic} column. */
  public static final String NO_TOPIC = "__null__topic__";

  /* A message ID that exists already (an idempotent re-send) inserts nothing. */
  private static final String INSERT =
      """
      INSERT INTO dbos.notifications (message_uuid, destination_uuid, topic, message,
        created_at_epoch_ms, serialization)
      VALUES (?, ?, ?, ?, ?, 'dbos4j-json')
      ON CONFLICT (message_uuid) DO NOTHING""";

  /* A send from a workflow checkpoints the send at the sender's position. */
  private static final String SENDER_CHECKPOINT =
      """
      INSERT INTO dbos.operation_outputs (workflow_uuid, function_id, function_name,
        started_at_epoch_ms, completed_at_epoch_ms, serialization)
      VALUES (?, ?, 'DBOS.send', ?, ?, 'dbos4j-json')
      ON CONFLICT DO NOTHING""";

  /*
   * Only a PENDING workflow consumes messages. One whose row another writer set to CANCELLED
   * leaves them where they are, even while its execution has not yet heard of the cancel: it must
   * not receive the next message and run on, and a resumed execution finds them. One look at the
   * destination's row by its key, inside the statement that consumes; its argument is the
   * destination.
   */
  private static final String DESTINATION_PENDING =
      "EXISTS (SELECT 1 FROM dbos.workflow_status WHERE workflow_uuid = ? AND status = 'PENDING')";

  /* A send from a workflow: the message and the sender's checkpoint, committed together. */
  private static final WriteSequence INSERT_WITH_CHECKPOINT =
      new WriteSequence(INSERT, SENDER_CHECKPOINT);

  /*
   * A send to a recv waiting in this process (see WakeupSignals.Receiver): the message goes in
   * already consumed, to be received by the waiter, unless an older message of the topic waits
   * unconsumed (the waiter must take that one first), the waiter's receipt position is taken, or
   * the waiter's workflow is no longer PENDING. Then it goes in unconsumed, as by INSERT. It
   * returns the message if it went in consumed.
   */
  private static final String INSERT_FOR_WAITER =
      """
      INSERT INTO dbos.notifications (message_uuid, destination_uuid, topic, message,
        created_at_epoch_ms, serialization, consumed)
      SELECT ?, ?, ?, ?, ?, 'dbos4j-json',
        NOT EXISTS (
          SELECT 1 FROM dbos.notifications
          WHERE destination_uuid = ? AND topic = ? AND NOT consumed)
        AND NOT EXISTS (
          SELECT 1 FROM dbos.operation_outputs WHERE workflow_uuid = ? AND function_id = ?)
        AND %s
      WHERE TRUE
      ON CONFLICT (message_uuid) DO NOTHING
      RETURNING consumed, message"""
          .formatted(DESTINATION_PENDING);

  /*
   * The same with the waiter's receipt, in one statement: its count is 1 if the waiter received
   * the message. The receipt has no ON CONFLICT clause: should another execution of the waiting
   * workflow record that position meanwhile, the statement fails as a whole, and the message is
   * sent again the usual way, rather than consumed without a receipt.
   */
  private static final String HAND_OFF_TAIL =
      """
      INSERT INTO dbos.operation_outputs (workflow_uuid, function_id, function_name, output,
        started_at_epoch_ms, completed_at_epoch_ms, serialization)
      SELECT ?, ?, 'DBOS.recv', handed.message, ?, ?, 'dbos4j-json' FROM handed
      WHERE handed.consumed""";
  private static final String HAND_OFF =
      "WITH handed AS (" + INSERT_FOR_WAITER + ")\n" + HAND_OFF_TAIL;
  private static final String HAND_OFF_FROM_WORKFLOW =
      "WITH sender AS ("
          + SENDER_CHECKPOINT
          + "),\nhanded AS ("
          + INSERT_FOR_WAITER
          + ")\n"
          + HAND_OFF_TAIL;

  /*
   * Receiving: mark the oldest unconsumed message of (destination, topic) consumed and checkpoint
   * it as the receiver's step, in one statement, so a message is consumed exactly when its
   * receipt is recorded. No row: no message yet (or the workflow is not PENDING).
   */
  private static final String RECEIVE =
      """
      WITH oldest AS (
        SELECT message_uuid FROM dbos.notifications
        WHERE destination_uuid = ? AND topic = ? AND NOT consumed AND %s
        ORDER BY seq
        LIMIT 1
        FOR UPDATE SKIP LOCKED),
      taken AS (
        UPDATE dbos.notifications n SET consumed = TRUE
        FROM oldest WHERE n.message_uuid = oldest.message_uuid
        RETURNING n.message),
      checkpoint AS (
        INSERT INTO dbos.operation_outputs (workflow_uuid, function_id, function_name, output,
          started_at_epoch_ms, completed_at_epoch_ms, serialization)
        SELECT ?, ?, 'DBOS.recv', taken.message, ?, ?, 'dbos4j-json' FROM taken
        ON CONFLICT DO NOTHING)
      SELECT message FROM taken"""
          .formatted(DESTINATION_PENDING);

  /*
   * The first look of a recv that has no recorded deadline yet: RECEIVE, and if nothing was
   * taken, record the wait's deadline (a DBOS.sleep checkpoint) in the same statement, so that a
   * recv that has to wait costs one round trip before it parks, not two.
   */
  private static final String RECEIVE_OR_RECORD_DEADLINE =
      RECEIVE.substring(0, RECEIVE.lastIndexOf("SELECT message FROM taken"))
          + """
          , deadline AS (
            INSERT INTO dbos.operation_outputs (workflow_uuid, function_id, function_name, output,
              started_at_epoch_ms, completed_at_epoch_ms, serialization)
            SELECT ?, ?, 'DBOS.sleep', ?, ?, ?, 'dbos4j-json'
            WHERE NOT EXISTS (SELECT 1 FROM taken)
            ON CONFLICT DO NOTHING
            RETURNING output)
          SELECT TRUE, message FROM taken
          UNION ALL
          SELECT FALSE, output FROM deadline""";

  /*
   * The same on a database without data-modifying CTEs (SQLite), as statements in one
   * transaction: take the oldest message, checkpoint its receipt; or, for a first look that found
   * nothing, record the deadline.
   */
  private static final String TAKE_OLDEST =
      """
      UPDATE dbos.notifications SET consumed = TRUE
      WHERE message_uuid = (
        SELECT message_uuid FROM dbos.notifications
        WHERE destination_uuid = ? AND topic = ? AND NOT consumed AND %s
        ORDER BY seq
        LIMIT 1)
      RETURNING message"""
          .formatted(DESTINATION_PENDING);
  private static final String CHECKPOINT_RECEIPT =
      """
      INSERT INTO dbos.operation_outputs (workflow_uuid, function_id, function_name, output,
        started_at_epoch_ms, completed_at_epoch_ms, serialization)
      VALUES (?, ?, 'DBOS.recv', ?, ?, ?, 'dbos4j-json')
      ON CONFLICT DO NOTHING""";
  private static final String RECORD_DEADLINE =
      """
      INSERT INTO dbos.operation_outputs (workflow_uuid, function_id, function_name, output,
        started_at_epoch_ms, completed_at_epoch_ms, serialization)
      VALUES (?, ?, 'DBOS.sleep', ?, ?, ?, 'dbos4j-json')
      ON CONFLICT DO NOTHING
      RETURNING output""";

  /*
   * The usual first look of a recv that must wait: nothing is there, so only the deadline is
   * recorded. As a plain INSERT returning its count it can share a JDBC batch with the first looks
   * of other workflows (see GroupCommit); a count of 0 means a message was there (or a deadline
   * was recorded already), and the full first look follows.
   */
  private static final String RECORD_DEADLINE_UNLESS_MESSAGE =
      """
      INSERT INTO dbos.operation_outputs (workflow_uuid, function_id, function_name, output,
        started_at_epoch_ms, completed_at_epoch_ms, serialization)
      SELECT ?, ?, 'DBOS.sleep', ?, ?, ?, 'dbos4j-json'
      WHERE NOT EXISTS (
        SELECT 1 FROM dbos.notifications
        WHERE destination_uuid = ? AND topic = ? AND NOT consumed)
      ON CONFLICT DO NOTHING""";

  private static final String PENDING_FOR =
      """
      SELECT DISTINCT destination_uuid, topic FROM dbos.notifications
      WHERE NOT consumed AND %s""";

  private final SystemDatabase db;
  private final Engine engine;

  public NotificationsDao(SystemDatabase db) {
    this.db = db;
    this.engine = db.engine();
  }

  /** The stored form of a topic. */
  public static String topicKey(@Nullable String topic) {
    return topic == null ? NO_TOPIC : topic;
  }

  /**
   * Sends a message from outside any workflow (1 round trip).
   *
   * @throws DBOSNonExistentWorkflowException if no workflow has ID {@code destination}
   */
  public void send(String messageId, String destination, String topic, String message, long now) {
    try {
      db.write(BatchableUpdate.of(INSERT, messageId, destination, topic, message, now));
    } catch (SQLException e) {
      throw sendFailure(destination, e);
    }
  }

  /**
   * Sends a message from a workflow and checkpoints the send at {@code functionId}, atomically (1
   * round trip). The message ID is derived from the sender's position, so a replayed send inserts
   * nothing.
   */
  public void sendFromWorkflow(
      String workflowId,
      int functionId,
      String destination,
      String topic,
      String message,
      long now) {
    try {
      db.write(
          INSERT_WITH_CHECKPOINT.update(
              engine,
              new Object[] {
                workflowMessageId(workflowId, functionId), destination, topic, message, now
              },
              new Object[] {workflowId, functionId, now, now}));
    } catch (SQLException e) {
      throw sendFailure(destination, e);
    }
  }

  /**
   * Sends a message from outside any workflow to a recv of {@code destination} waiting in this
   * process, whose receipt goes at {@code receiptFunctionId}: the waiter receives it in the same
   * transaction unless an older message waits for it (1 round trip either way).
   *
   * @return true if the waiter received it; false if it was sent the usual way, for a look to take
   * @throws DBOSNonExistentWorkflowException if no workflow has ID {@code destination}
   */
  public boolean sendToWaiter(
      String messageId,
      String destination,
      String topic,
      String message,
      long now,
      int receiptFunctionId) {
    return handOff(
        null,
        messageId,
        destination,
        topic,
        message,
        now,
        receiptFunctionId,
        () -> send(messageId, destination, topic, message, now));
  }

  /**
   * {@link #sendToWaiter} from a workflow, checkpointing the send at {@code functionId} in the same
   * transaction, as {@link #sendFromWorkflow} does.
   */
  public boolean sendFromWorkflowToWaiter(
      String workflowId,
      int functionId,
      String destination,
      String topic,
      String message,
      long now,
      int receiptFunctionId) {
    return handOff(
        new Object[] {workflowId, functionId, now, now},
        workflowMessageId(workflowId, functionId),
        destination,
        topic,
        message,
        now,
        receiptFunctionId,
        () -> sendFromWorkflow(workflowId, functionId, destination, topic, message, now));
  }

  private boolean handOff(
      Object @Nullable [] sender,
      String messageId,
      String destination,
      String topic,
      String message,
      long now,
      int receiptFunctionId,
      Runnable sendUsually) {
    Object[] insert = {
      messageId,
      destination,
      topic,
      message,
      now,
      destination,
      topic,
      destination,
      receiptFunctionId,
      destination
    };
    try {
      if (engine.fusesWrites()) {
        Object[] receipt = {destination, receiptFunctionId, now, now};
        BatchableUpdate<Integer> handOff =
            sender == null
                ? BatchableUpdate.of(HAND_OFF, WriteSequence.concat(insert, receipt))
                : BatchableUpdate.of(
                    HAND_OFF_FROM_WORKFLOW, WriteSequence.concat(sender, insert, receipt));
        return db.write(handOff) == 1;
      }
      return db.write(
          c ->
              WriteSequence.atomically(
                  c,
                  () -> {
                    if (sender != null) {
                      Statements.update(c, SENDER_CHECKPOINT, sender);
                    }
                    boolean consumed =
                        Statements.query(
                            c, INSERT_FOR_WAITER, rs -> rs.next() && rs.getBoolean(1), insert);
                    if (consumed) {
                      Statements.update(
                          c, CHECKPOINT_RECEIPT, destination, receiptFunctionId, message, now, now);
                    }
                    return consumed;
                  }));
    } catch (SQLException e) {
      if (engine.isPrimaryKeyViolation(e, "operation_outputs")) {
        // Another execution of the waiting workflow took the receipt's position first.
        sendUsually.run();
        return false;
      }
      throw sendFailure(destination, e);
    }
  }

  /**
   * Consumes the oldest message of (destination, topic) and checkpoints it as step {@code
   * functionId} of the destination workflow (1 round trip).
   *
   * @return the message's JSON, or null if there is none
   */
  public @Nullable String receive(String workflowId, String topic, int functionId, long now) {
    try {
      if (!engine.fusesWrites()) {
        return db.write(
            c ->
                WriteSequence.atomically(
                    c, () -> takeAndCheckpoint(c, workflowId, topic, functionId, now)));
      }
      return db.write(
          c ->
              Statements.query(
                  c,
                  RECEIVE,
                  rs -> rs.next() ? rs.getString(1) : null,
                  workflowId,
                  topic,
                  workflowId,
                  workflowId,
                  functionId,
                  now,
                  now));
    } catch (SQLException e) {
      throw failure("receive a message for workflow " + workflowId, e);
    }
  }

  /** What the first look of a waiting {@code recv} found. */
  public record FirstLook(@Nullable String message, boolean deadlineRecorded) {}

  /**
   * Like {@link #receive}, but when no message is there, records {@code deadline} as the {@code
   * DBOS.sleep} checkpoint at {@code deadlineFunctionId}. On PostgreSQL 1 round trip when no
   * message is there (a batchable INSERT), 2 when one is (that INSERT, then the full statement).
   *
   * @return the message if one was taken; else whether the deadline was recorded (false: another
   *     execution recorded one first)
   */
  public FirstLook receiveOrRecordDeadline(
      String workflowId,
      String topic,
      int functionId,
      int deadlineFunctionId,
      long deadline,
      long now) {
    try {
      if (!engine.fusesWrites()) {
        return db.write(
            c ->
                WriteSequence.atomically(
                    c,
                    () -> {
                      String message = takeAndCheckpoint(c, workflowId, topic, functionId, now);
                      if (message != null) {
                        return new FirstLook(message, false);
                      }
                      return Statements.query(
                          c,
                          RECORD_DEADLINE,
                          rs -> new FirstLook(null, rs.next()),
                          workflowId,
                          deadlineFunctionId,
                          Long.toString(deadline),
                          now,
                          now);
                    }));
      }
      int recorded =
          db.write(
              BatchableUpdate.of(
                  RECORD_DEADLINE_UNLESS_MESSAGE,
                  workflowId,
                  deadlineFunctionId,
                  Long.toString(deadline),
                  now,
                  now,
                  workflowId,
                  topic));
      if (recorded == 1) {
        return new FirstLook(null, true);
      }
      // RECEIVE's parameters, then the deadline's.
      return db.write(
          c ->
              Statements.query(
                  c,
                  RECEIVE_OR_RECORD_DEADLINE,
                  rs -> {
                    if (!rs.next()) {
                      return new FirstLook(null, false);
                    }
                    return rs.getBoolean(1)
                        ? new FirstLook(rs.getString(2), false)
                        : new FirstLook(null, true);
                  },
                  workflowId,
                  topic,
                  workflowId,
                  workflowId,
                  functionId,
                  now,
                  now,
                  workflowId,
                  deadlineFunctionId,
                  Long.toString(deadline),
                  now,
                  now));
    } catch (SQLException e) {
      throw failure("receive a message for workflow " + workflowId, e);
    }
  }

  /**
   * Which of the given destinations have unconsumed messages, as {@code "<destination>::<topic>"}
   * keys (1 round trip).
   */
  public List<String> pendingKeys(Collection<String> destinations) {
    return AwaitedKeysQuery.run(
        db, PENDING_FOR, "destination_uuid", destinations, "pending messages");
  }

  private static @Nullable String takeAndCheckpoint(
      Connection c, String workflowId, String topic, int functionId, long now) throws SQLException {
    String message =
        Statements.query(
            c,
            TAKE_OLDEST,
            rs -> rs.next() ? rs.getString(1) : null,
            workflowId,
            topic,
            workflowId);
    if (message == null) {
      return null;
    }
    Statements.update(c, CHECKPOINT_RECEIPT, workflowId, functionId, message, now, now);
    return message;
  }

  /** A send from a workflow is named by the sender's position, so a replay inserts nothing. */
  private static String workflowMessageId(String workflowId, int functionId) {
    return workflowId + "::" + functionId;
  }

  private RuntimeException sendFailure(String destination, SQLException e) {
    if (engine.isForeignKeyViolation(e)) {
      return new DBOSNonExistentWorkflowException(destination);
    }
    return failure("send a message to workflow " + destination, e);
  }
}
