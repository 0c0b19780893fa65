package org.dbos4j.internal.sysdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.dbos4j.Backend;
import org.dbos4j.BothBackends;
import org.dbos4j.Conditions;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.TestPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A send handed to a waiting recv: the message goes in consumed with the waiter's receipt, in one
 * transaction, unless the waiter must take an older message first or its receipt position is taken;
 * then the message goes in unconsumed, for the waiter's look, and nothing is lost.
 */
@BothBackends
class HandOffTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final String WAITER = "waiter";
  private static final int RECEIPT = 3;

  private SystemDatabase sysdb;
  private NotificationsDao notifications;
  private OperationOutputsDao operations;

  @BeforeEach
  void open() {
    sysdb =
        SystemDatabase.open(
            db.url(), TestPostgres.user(), TestPostgres.password(), 4, Duration.ofMinutes(1));
    notifications = new NotificationsDao(sysdb);
    operations = new OperationOutputsDao(sysdb);
    WorkflowStatusDao statuses = new WorkflowStatusDao(sysdb);
    for (String id : List.of(WAITER, "sender")) {
      statuses.start(
          new NewWorkflow(
              id,
              "wf",
              "C",
              "",
              "[]",
              "local",
              "v1",
              null,
              RecordedCaller.NONE,
              "test-process",
              1L,
              null,
              null));
    }
  }

  @AfterEach
  void close() {
    sysdb.close();
  }

  @Test
  void theWaiterReceivesTheMessageInTheSendersTransaction() throws Exception {
    assertThat(notifications.sendToWaiter("m1", WAITER, "t", "\"hello\"", 5L, RECEIPT)).isTrue();

    assertThat(messages()).containsExactly("m1 consumed");
    RecordedOperation receipt = operations.find(WAITER, RECEIPT);
    assertThat(receipt).isNotNull();
    assertThat(receipt.functionName()).isEqualTo("DBOS.recv");
    assertThat(receipt.output()).isEqualTo("\"hello\"");
  }

  @Test
  void aSendFromAWorkflowIsCheckpointedWithTheHandOff() throws Exception {
    assertThat(
            notifications.sendFromWorkflowToWaiter(
                "sender", 7, WAITER, "t", "\"hello\"", 5L, RECEIPT))
        .isTrue();

    assertThat(messages()).containsExactly("sender::7 consumed");
    assertThat(operations.find("sender", 7).functionName()).isEqualTo("DBOS.send");
    assertThat(operations.find(WAITER, RECEIPT).output()).isEqualTo("\"hello\"");
  }

  @Test
  void anOlderUnconsumedMessageIsLeftForTheWaiterToTakeFirst() throws Exception {
    notifications.send("m1", WAITER, "t", "\"first\"", 5L);

    assertThat(notifications.sendToWaiter("m2", WAITER, "t", "\"second\"", 6L, RECEIPT)).isFalse();

    assertThat(messages()).containsExactly("m1 unconsumed", "m2 unconsumed");
    assertThat(operations.find(WAITER, RECEIPT)).isNull();
    assertThat(notifications.receive(WAITER, "t", RECEIPT, 7L)).isEqualTo("\"first\"");
  }

  @Test
  void anOlderMessageOfAnotherTopicDoesNotStopTheHandOff() throws Exception {
    notifications.send("m1", WAITER, "other", "\"elsewhere\"", 5L);

    assertThat(notifications.sendToWaiter("m2", WAITER, "t", "\"here\"", 6L, RECEIPT)).isTrue();

    assertThat(messages()).containsExactly("m1 unconsumed", "m2 consumed");
  }

  @Test
  void aTakenReceiptPositionLeavesTheMessageUnconsumed() throws Exception {
    operations.record(WAITER, RECEIPT, "DBOS.recv", null, null, 5L, 5L);

    assertThat(notifications.sendToWaiter("m1", WAITER, "t", "\"late\"", 6L, RECEIPT)).isFalse();

    assertThat(messages()).containsExactly("m1 unconsumed");
    assertThat(operations.find(WAITER, RECEIPT).output()).isNull();
  }

  @Test
  void aReceiptRecordedWhileTheHandOffRunsLeavesTheMessageUnconsumed() throws Exception {
    // Another execution of the waiter records the receipt position in a transaction that is
    // still open when the hand-off starts. On PostgreSQL the hand-off's receipt then waits for
    // it and fails on the key, and the message is sent again the usual way; on SQLite the
    // hand-off waits for the lock and then sees the receipt. Either way the message is left.
    CompletableFuture<Boolean> handOff;
    try (Connection other = db.connect()) {
      other.setAutoCommit(false);
      try (PreparedStatement ps =
          other.prepareStatement(
              "INSERT INTO dbos.operation_outputs (workflow_uuid, function_id, function_name,"
                  + " started_at_epoch_ms, completed_at_epoch_ms) VALUES (?, ?, 'DBOS.recv', 1, 1)")) {
        ps.setString(1, WAITER);
        ps.setInt(2, RECEIPT);
        ps.executeUpdate();
      }
      AtomicReference<@Nullable Thread> sender = new AtomicReference<>();
      handOff =
          CompletableFuture.supplyAsync(
              () -> {
                sender.set(Thread.currentThread());
                return notifications.sendToWaiter("m1", WAITER, "t", "\"raced\"", 6L, RECEIPT);
              });
      awaitBlockedByAnotherTransaction(sender);
      other.commit();
    }

    assertThat(handOff.get(30, TimeUnit.SECONDS)).isFalse();
    assertThat(messages()).containsExactly("m1 unconsumed");
    assertThat(operations.find(WAITER, RECEIPT).output()).isNull();
  }

  @Test
  void aResentMessageIdHandsNothing() throws Exception {
    notifications.send("m1", WAITER, "t", "\"once\"", 5L);
    assertThat(notifications.receive(WAITER, "t", 1, 6L)).isEqualTo("\"once\"");

    assertThat(notifications.sendToWaiter("m1", WAITER, "t", "\"once\"", 7L, RECEIPT)).isFalse();

    assertThat(messages()).containsExactly("m1 consumed");
    assertThat(operations.find(WAITER, RECEIPT)).isNull();
  }

  /**
   * Waits until the hand-off, run by {@code sender}, waits for another transaction's lock. On
   * PostgreSQL a backend of the database then waits for a lock. SQLite shows no lock waits: there
   * the sender's thread is inside the driver's native code, called from the hand-off, where its
   * busy handler waits for the write lock.
   */
  private void awaitBlockedByAnotherTransaction(AtomicReference<@Nullable Thread> sender)
      throws Exception {
    Conditions.awaitTrue(
        "the hand-off waits for the lock",
        () ->
            db.backend() == Backend.POSTGRES
                ? aBackendWaitsForALock()
                : insideSqlite(sender.get()));
  }

  private boolean aBackendWaitsForALock() throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND wait_event_type = 'Lock'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  private static boolean insideSqlite(@Nullable Thread sender) {
    if (sender == null) {
      return false;
    }
    StackTraceElement[] stack = sender.getStackTrace();
    return stack.length > 0
        && stack[0].isNativeMethod()
        && stack[0].getClassName().startsWith("org.sqlite.")
        && Arrays.stream(stack)
            .anyMatch(frame -> frame.getClassName().equals(NotificationsDao.class.getName()));
  }

  /** The waiter's messages in order, as "id consumed|unconsumed". */
  private List<String> messages() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT message_uuid, consumed FROM dbos.notifications"
                    + " WHERE destination_uuid = ? ORDER BY seq")) {
      ps.setString(1, WAITER);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(rs.getString(1) + (rs.getBoolean(2) ? " consumed" : " unconsumed"));
        }
      }
    }
    return rows;
  }
}
