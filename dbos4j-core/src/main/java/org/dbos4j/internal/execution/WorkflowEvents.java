package org.dbos4j.internal.execution;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.dbos4j.DBOSException;
import org.dbos4j.internal.context.WorkflowFrame;
import org.dbos4j.internal.notify.WakeupKey;
import org.dbos4j.internal.notify.WakeupSignals;
import org.dbos4j.internal.sysdb.EventsDao;
import org.dbos4j.internal.sysdb.RecordedOperation;
import org.dbos4j.internal.time.CancelToken;
import org.dbos4j.internal.time.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * {@code setEvent} and {@code getEvent}. Setting writes the latest value, a history row and the
 * checkpoint in one transaction. Getting waits on a wake-up signal for the first value; inside a
 * workflow body the value read is checkpointed, so a replay returns it even if the event changed
 * since, and the timeout is a durable deadline.
 */
public final class WorkflowEvents {
  static final String SET_EVENT = "DBOS.setEvent";
  static final String GET_EVENT = "DBOS.getEvent";

  private final EventsDao events;
  private final OperationServices services;

  public WorkflowEvents(EventsDao events, OperationServices services) {
    this.events = events;
    this.services = services;
  }

  /** Sets an event of the current workflow; only in a workflow or one of its steps. */
  public void setEvent(String key, @Nullable Object value) {
    setEventLater(key, value).run();
  }

  /** {@link #setEvent}, reserving its position now and writing on the executor. */
  public CompletableFuture<Void> setEventAsync(String key, @Nullable Object value) {
    return CompletableFuture.runAsync(setEventLater(key, value), services.executor());
  }

  /** Checks the caller and reserves the position now; the returned action writes. */
  private Runnable setEventLater(String key, @Nullable Object value) {
    CallerContext caller = CallerContext.current();
    WorkflowFrame wf = caller.workflow();
    if (wf == null) {
      throw new DBOSException("DBOS.setEvent may only be called inside a workflow or its steps");
    }
    String json = services.write(value);
    boolean inBody = caller.inWorkflowBody();
    int functionId = inBody ? wf.nextFunctionId() : caller.stepFunctionId();
    return () -> {
      if (inBody && wf.recordedAs(functionId, SET_EVENT) != null) {
        return;
      }
      events.set(wf.workflowId(), functionId, key, json, inBody, services.time().millis());
      services.signals().fire(WakeupKey.event(wf.workflowId(), key), json);
    };
  }

  /**
   * The latest value of an event, waiting up to {@code timeout} for a first one; null on timeout.
   */
  public @Nullable Object getEvent(String workflowId, String key, Duration timeout) {
    CallerContext caller = CallerContext.current();
    if (!caller.inWorkflowBody()) {
      return getUnrecorded(workflowId, key, timeout);
    }
    WorkflowFrame wf = caller.workflow();
    int functionId = wf.nextFunctionId();
    int deadlineFunctionId = wf.nextFunctionId();
    return getAt(wf, functionId, deadlineFunctionId, workflowId, key, timeout);
  }

  /** {@link #getEvent}, reserving its positions now and waiting on the executor. */
  public CompletableFuture<@Nullable Object> getEventAsync(
      String workflowId, String key, Duration timeout) {
    CallerContext caller = CallerContext.current();
    if (!caller.inWorkflowBody()) {
      return CompletableFuture.supplyAsync(
          () -> getUnrecorded(workflowId, key, timeout), services.executor());
    }
    WorkflowFrame wf = caller.workflow();
    int functionId = wf.nextFunctionId();
    int deadlineFunctionId = wf.nextFunctionId();
    return CompletableFuture.supplyAsync(
        () -> getAt(wf, functionId, deadlineFunctionId, workflowId, key, timeout),
        services.executor());
  }

  private @Nullable Object getUnrecorded(String workflowId, String key, Duration timeout) {
    long deadline = TimeSource.millisAfter(services.time().millis(), timeout);
    return services.read(await(workflowId, key, () -> deadline, null));
  }

  private @Nullable Object getAt(
      WorkflowFrame wf,
      int functionId,
      int deadlineFunctionId,
      String workflowId,
      String key,
      Duration timeout) {
    RecordedOperation recorded = wf.recordedAs(functionId, GET_EVENT);
    if (recorded != null) {
      return services.read(recorded.output());
    }
    String json =
        await(
            workflowId,
            key,
            () -> services.deadlines().deadline(wf, deadlineFunctionId, timeout),
            wf.cancelToken());
    long now = services.time().millis();
    RecordedOperation other =
        services
            .operations()
            .recordFirst(wf.workflowId(), functionId, GET_EVENT, json, null, now, now);
    return services.read(other == null ? json : other.output());
  }

  /**
   * The event's value: read at once, or, if it has none yet, awaited until {@code deadline} (asked
   * only then, since a durable deadline is a write); null on timeout. The waiter registers before
   * the first read, so a value set after it wakes the waiter.
   *
   * @param cancel the waiting execution's cancel token, or null outside a workflow body
   */
  private @Nullable String await(
      String workflowId, String key, LongSupplier deadline, @Nullable CancelToken cancel) {
    try (WakeupSignals.Waiter waiter =
        services.signals().register(WakeupKey.event(workflowId, key))) {
      String json = events.get(workflowId, key);
      return json != null
          ? json
          : waiter.awaitValue(deadline.getAsLong(), cancel, () -> latest(waiter, workflowId, key));
    }
  }

  /**
   * The latest value after a wake-up: the one this process just set, offered with the wake-up, or
   * else read.
   */
  private @Nullable String latest(WakeupSignals.Waiter waiter, String workflowId, String key) {
    String offered = waiter.takeOffer();
    return offered != null ? offered : events.get(workflowId, key);
  }
}
