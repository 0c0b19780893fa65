package org.dbos4j.internal.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.dbos4j.DBOSConfig;
import org.dbos4j.internal.db.DatabaseUrls;
import org.dbos4j.internal.execution.DurableDeadlines;
import org.dbos4j.internal.execution.OperationServices;
import org.dbos4j.internal.notify.CancellationNotices;
import org.dbos4j.internal.notify.ChannelSubscriber;
import org.dbos4j.internal.notify.FallbackPoller;
import org.dbos4j.internal.notify.PostgresNotificationListener;
import org.dbos4j.internal.notify.WakeupKey;
import org.dbos4j.internal.notify.WakeupSignals;
import org.dbos4j.internal.serialize.ErrorCodec;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.sysdb.EventsDao;
import org.dbos4j.internal.sysdb.NotificationsDao;
import org.dbos4j.internal.sysdb.OperationOutputsDao;
import org.dbos4j.internal.sysdb.ProcessesDao;
import org.dbos4j.internal.sysdb.SystemDatabase;
import org.dbos4j.internal.sysdb.WorkflowCancelDao;
import org.dbos4j.internal.sysdb.WorkflowStatusDao;
import org.dbos4j.internal.time.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * The half of the runtime that lives on the system database: the database and its DAOs, the
 * serialization of recorded values, the time source, and the wake-ups of waiters (this process's
 * own, LISTEN/NOTIFY where the database has it, and the fallback poll). Handles, messages and
 * events need only this half; running workflows needs {@link ExecutionServices} on top of it.
 */
final class SystemDatabaseServices {
  final TimeSource time;
  final JsonCodec codec;
  final ErrorCodec errors = new ErrorCodec();
  final SystemDatabase database;
  final WorkflowStatusDao statuses;
  final OperationOutputsDao operations;
  final NotificationsDao notifications;
  final EventsDao events;
  final ProcessesDao processes;
  final WakeupSignals signals;
  final WorkflowCancelDao cancels;
  final CancellationNotices cancellations;

  /** Null where the database pushes no notifications: there the fallback poll finds them. */
  private final @Nullable PostgresNotificationListener listener;

  private final FallbackPoller poller;
  private final String url;

  /**
   * Opens the system database of {@code config} (creating and migrating it if needed); nothing runs
   * until the subsystems start.
   */
  SystemDatabaseServices(DBOSConfig config, JsonCodec codec) {
    this(SystemDatabaseSettings.of(config), codec);
  }

  /** Opens the system database as {@code settings} say; nothing runs until the subsystems start. */
  SystemDatabaseServices(SystemDatabaseSettings settings, JsonCodec codec) {
    this.url = settings.url();
    this.time = TimeSource.of(settings.clock());
    this.codec = codec;
    this.database = settings.open();
    this.statuses = new WorkflowStatusDao(database);
    this.processes = new ProcessesDao(database);
    this.operations = new OperationOutputsDao(database);
    this.notifications = new NotificationsDao(database);
    this.events = new EventsDao(database);
    this.signals = new WakeupSignals(time);
    this.cancels = new WorkflowCancelDao(database);
    this.cancellations = new CancellationNotices(cancels::cancelledAmong);
    this.listener =
        database.pushesNotifications()
            ? new PostgresNotificationListener(
                url, settings.user(), settings.password(), signals, cancellations)
            : null;
    this.poller = newPoller(settings.fallbackPollInterval());
  }

  /**
   * What the durable operations (messages, events, sleep) run on, in a launched process and a
   * client alike; {@code executor} runs their async forms.
   */
  OperationServices operationServices(Executor executor) {
    return new OperationServices(
        operations, new DurableDeadlines(operations, time), signals, codec, time, executor);
  }

  /**
   * Has notifications on {@code channel} go to {@code subscriber}, where the database pushes any
   * (elsewhere nothing arrives); only before the subsystems start.
   */
  void subscribe(String channel, ChannelSubscriber subscriber) {
    if (listener != null) {
      listener.subscribe(channel, subscriber);
    }
  }

  private FallbackPoller newPoller(Duration interval) {
    return new FallbackPoller(
        signals,
        List.of(
            new FallbackPoller.Source(WakeupKey.Kind.MESSAGE, notifications::pendingKeys),
            new FallbackPoller.Source(WakeupKey.Kind.EVENT, events::presentKeys),
            new FallbackPoller.Source(WakeupKey.Kind.STATUS, statuses::finishedAmong)),
        cancellations,
        interval,
        time);
  }

  /**
   * Closes the database. Threads still waiting (a getResult or getEvent outside any workflow) look
   * again, find the pool closed and fail, instead of waiting for a signal that never comes.
   */
  void close() {
    database.close();
    signals.fireAll();
  }

  /** In start order: the database, then what wakes waiters. */
  List<Subsystem> subsystems() {
    List<Subsystem> parts = new ArrayList<>();
    parts.add(
        Subsystem.stoppedBy("the system database at " + DatabaseUrls.redact(url), this::close));
    if (listener != null) {
      parts.add(
          Subsystem.of(
              "notifications from " + DatabaseUrls.redact(url), listener::start, listener::close));
    }
    parts.add(Subsystem.of("the fallback poll", poller::start, poller::close));
    return parts;
  }
}
