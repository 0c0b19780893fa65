package org.dbos4j.internal.execution;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntPredicate;
import org.dbos4j.internal.context.WorkflowFrame;
import org.dbos4j.internal.notify.WakeupKey;
import org.dbos4j.internal.notify.WakeupSignals;
import org.dbos4j.internal.sysdb.NotificationsDao;
import org.dbos4j.internal.sysdb.RecordedOperation;
import org.dbos4j.internal.time.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * {@code send} and {@code recv}. Sent from a workflow body, a message and the sender's checkpoint
 * are written in one transaction; received, a message is consumed and checkpointed in one
 * transaction, so it is received exactly once even across crashes. A waiting {@code recv} parks on
 * a wake-up signal; its timeout is a durable deadline recorded at the next position.
 */
public final class WorkflowMessages {
  static final String SEND = "DBOS.send";
  static final String RECV = "DBOS.recv";

  private final NotificationsDao notifications;
  private final OperationServices services;

  public WorkflowMessages(NotificationsDao notifications, OperationServices services) {
    this.notifications = notifications;
    this.services = services;
  }

  /** Sends a message; from a workflow body, exactly once. */
  public void send(String destination, @Nullable Object message, @Nullable String topic) {
    CallerContext caller = CallerContext.current();
    String json = services.write(message);
    if (caller.inWorkflowBody()) {
      WorkflowFrame wf = caller.workflow();
      sendAt(wf, wf.nextFunctionId(), destination, json, topic);
    } else {
      deliver(UUID.randomUUID().toString(), destination, json, topic);
    }
  }

  /**
   * Sends a message from outside a workflow at most once per {@code idempotencyKey} and
   * destination.
   */
  public void send(
      String destination, @Nullable Object message, @Nullable String topic, String idempotencyKey) {
    deliver(
        idempotentMessageId(destination, idempotencyKey),
        destination,
        services.write(message),
        topic);
  }

  /**
   * One message ID per (destination, key) pair: the length prefix keeps pairs such as ("a::b", "k")
   * and ("b", "k::a") apart, and a name-based UUID never equals the {@code
   * "<workflow>::<position>"} IDs of sends from workflows.
   */
  static String idempotentMessageId(String destination, String idempotencyKey) {
    String pair = destination.length() + ":" + destination + ":" + idempotencyKey;
    return UUID.nameUUIDFromBytes(pair.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** {@link #send}, reserving its position now and sending on the executor. */
  public CompletableFuture<Void> sendAsync(
      String destination, @Nullable Object message, @Nullable String topic) {
    CallerContext caller = CallerContext.current();
    String json = services.write(message);
    if (caller.inWorkflowBody()) {
      WorkflowFrame wf = caller.workflow();
      int functionId = wf.nextFunctionId();
      return CompletableFuture.runAsync(
          () -> sendAt(wf, functionId, destination, json, topic), services.executor());
    }
    String messageId = UUID.randomUUID().toString();
    return CompletableFuture.runAsync(
        () -> deliver(messageId, destination, json, topic), services.executor());
  }

  private void sendAt(
      WorkflowFrame wf, int functionId, String destination, String json, @Nullable String topic) {
    if (wf.recordedAs(functionId, SEND) != null) {
      return;
    }
    String topicKey = NotificationsDao.topicKey(topic);
    long now = services.time().millis();
    sendTo(
        destination,
        topicKey,
        json,
        () ->
            notifications.sendFromWorkflow(
                wf.workflowId(), functionId, destination, topicKey, json, now),
        receipt ->
            notifications.sendFromWorkflowToWaiter(
                wf.workflowId(), functionId, destination, topicKey, json, now, receipt));
  }

  private void deliver(String messageId, String destination, String json, @Nullable String topic) {
    String topicKey = NotificationsDao.topicKey(topic);
    long now = services.time().millis();
    sendTo(
        destination,
        topicKey,
        json,
        () -> notifications.send(messageId, destination, topicKey, json, now),
        receipt ->
            notifications.sendToWaiter(messageId, destination, topicKey, json, now, receipt));
  }

  /**
   * Sends with {@code send}, or, if a recv of the destination waits parked in this process, hands
   * the message to it with {@code handOff} (given the receipt's position): one transaction sends
   * and receives, and the waiter returns without one of its own. Otherwise the waiters of the key
   * are woken to look.
   */
  private void sendTo(
      String destination, String topicKey, String json, Runnable send, IntPredicate handOff) {
    WakeupKey key = WakeupKey.message(destination, topicKey);
    WakeupSignals.Receiver receiver = services.signals().claimReceiver(key);
    if (receiver == null) {
      send.run();
    } else {
      boolean handed = false;
      try {
        handed = handOff.test(receiver.receiptFunctionId());
      } finally {
        if (handed) {
          receiver.deliver(json);
        } else {
          receiver.release();
        }
      }
      if (handed) {
        return;
      }
    }
    services.signals().fire(key);
  }

  /**
   * Receives the oldest message of {@code topic}, waiting up to {@code timeout}; null on timeout.
   */
  public @Nullable Object recv(@Nullable String topic, Duration timeout) {
    WorkflowFrame wf = CallerContext.current().requireWorkflowBody("DBOS.recv");
    int functionId = wf.nextFunctionId();
    int deadlineFunctionId = wf.nextFunctionId();
    return recvAt(wf, functionId, deadlineFunctionId, topic, timeout);
  }

  /** {@link #recv}, reserving its positions now and waiting on the executor. */
  public CompletableFuture<@Nullable Object> recvAsync(@Nullable String topic, Duration timeout) {
    WorkflowFrame wf = CallerContext.current().requireWorkflowBody("DBOS.recvAsync");
    int functionId = wf.nextFunctionId();
    int deadlineFunctionId = wf.nextFunctionId();
    return CompletableFuture.supplyAsync(
        () -> recvAt(wf, functionId, deadlineFunctionId, topic, timeout), services.executor());
  }

  private @Nullable Object recvAt(
      WorkflowFrame wf,
      int functionId,
      int deadlineFunctionId,
      @Nullable String topic,
      Duration timeout) {
    RecordedOperation recorded = wf.recordedAs(functionId, RECV);
    if (recorded != null) {
      return services.read(recorded.output());
    }
    String topicKey = NotificationsDao.topicKey(topic);
    String workflowId = wf.workflowId();
    String json;
    // Registered before the first look, so a message sent after it fires the waiter (or is
    // handed to it), and the first look is the only one before parking.
    try (WakeupSignals.Receiver receiver =
        services.signals().registerReceiver(WakeupKey.message(workflowId, topicKey), functionId)) {
      long deadline;
      if (wf.recordedAs(deadlineFunctionId, DurableDeadlines.SLEEP) != null) {
        json = notifications.receive(workflowId, topicKey, functionId, services.time().millis());
        deadline = services.deadlines().deadline(wf, deadlineFunctionId, timeout);
      } else {
        long now = services.time().millis();
        deadline = TimeSource.millisAfter(now, timeout);
        NotificationsDao.FirstLook look =
            notifications.receiveOrRecordDeadline(
                workflowId, topicKey, functionId, deadlineFunctionId, deadline, now);
        json = look.message();
        if (json == null && !look.deadlineRecorded()) {
          deadline = services.deadlines().deadline(wf, deadlineFunctionId, timeout);
        }
      }
      if (json == null) {
        json =
            receiver.awaitMessage(
                deadline,
                wf.cancelToken(),
                () ->
                    notifications.receive(
                        workflowId, topicKey, functionId, services.time().millis()));
      }
    }
    if (json == null) {
      long now = services.time().millis();
      RecordedOperation other =
          services.operations().recordFirst(workflowId, functionId, RECV, null, null, now, now);
      return other == null ? null : services.read(other.output());
    }
    return services.read(json);
  }
}
