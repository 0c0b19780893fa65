package org.dbos4j.internal.lifecycle;

import com.fasterxml.jackson.databind.JavaType;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.dbos4j.DBOSConfig;
import org.dbos4j.DBOSException;
import org.dbos4j.internal.execution.DurableDeadlines;
import org.dbos4j.internal.execution.DurableSleep;
import org.dbos4j.internal.execution.OperationServices;
import org.dbos4j.internal.execution.StepRunner;
import org.dbos4j.internal.execution.WorkflowEvents;
import org.dbos4j.internal.execution.WorkflowHandles;
import org.dbos4j.internal.execution.WorkflowMessages;
import org.dbos4j.internal.execution.WorkflowRecovery;
import org.dbos4j.internal.execution.WorkflowRunner;
import org.dbos4j.internal.execution.WorkflowThreads;
import org.dbos4j.internal.notify.FallbackPoller;
import org.dbos4j.internal.notify.PostgresNotificationListener;
import org.dbos4j.internal.notify.WakeupSignals;
import org.dbos4j.internal.registry.AppVersion;
import org.dbos4j.internal.registry.FunctionRegistry;
import org.dbos4j.internal.serialize.ErrorCodec;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.sysdb.DatabaseUrls;
import org.dbos4j.internal.sysdb.EventsDao;
import org.dbos4j.internal.sysdb.NotificationsDao;
import org.dbos4j.internal.sysdb.OperationOutputsDao;
import org.dbos4j.internal.sysdb.SystemDatabase;
import org.dbos4j.internal.sysdb.WorkflowStatusDao;
import org.dbos4j.internal.time.TimeSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that exists between {@code launch()} and {@code shutdown()}: the system database and
 * its DAOs, the workflow executor, the wake-up machinery, and the runners built on them.
 */
final class LaunchedRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LaunchedRuntime.class);
  private static final long SHUTDOWN_GRACE_SECONDS = 10;

  private final SystemDatabase systemDatabase;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final String appVersion;
  private final String executorId;
  private final FunctionRegistry registry;
  private final JsonCodec codec;
  private final WorkflowStatusDao statuses;

  /**
   * Null where the database pushes no notifications: there the fallback poll finds other processes'
   * writes.
   */
  private final @Nullable PostgresNotificationListener listener;

  private final FallbackPoller poller;
  final WakeupSignals signals;
  final TimeSource time;
  final WorkflowRunner workflows;
  final StepRunner steps;
  final WorkflowHandles handles;
  final WorkflowMessages messages;
  final WorkflowEvents events;
  final DurableSleep sleep;

  private LaunchedRuntime(
      DBOSConfig config,
      FunctionRegistry registry,
      JsonCodec codec,
      SystemDatabase systemDatabase,
      String url) {
    this.systemDatabase = systemDatabase;
    this.registry = registry;
    this.codec = codec;
    this.executorId = config.executorId();
    this.ownsExecutor = config.executor() == null;
    this.executor = ownsExecutor ? WorkflowThreads.newDefaultExecutor() : config.executor();
    this.appVersion =
        config.appVersion() != null
            ? config.appVersion()
            : AppVersion.of(registry.implementationClasses());
    this.time = TimeSource.of(config.clock());
    ErrorCodec errors = new ErrorCodec();
    this.signals = new WakeupSignals(time);
    this.statuses = new WorkflowStatusDao(systemDatabase);
    OperationOutputsDao operations = new OperationOutputsDao(systemDatabase);
    NotificationsDao notifications = new NotificationsDao(systemDatabase);
    EventsDao eventsDao = new EventsDao(systemDatabase);
    DurableDeadlines deadlines = new DurableDeadlines(operations, time);

    this.workflows =
        new WorkflowRunner(
            statuses, operations, codec, errors, time, executor, executorId, appVersion, signals);
    this.steps = new StepRunner(operations, codec, errors, time);
    this.handles = new WorkflowHandles(workflows, registry);
    OperationServices services =
        new OperationServices(operations, deadlines, signals, codec, time, executor);
    this.messages = new WorkflowMessages(notifications, services);
    this.events = new WorkflowEvents(eventsDao, services);
    this.sleep = new DurableSleep(services);

    this.listener =
        systemDatabase.pushesNotifications()
            ? new PostgresNotificationListener(url, config.user(), config.password(), signals)
            : null;
    this.poller =
        new FallbackPoller(
            signals,
            List.of(
                new FallbackPoller.Source(WakeupSignals.MESSAGE, notifications::pendingKeys),
                new FallbackPoller.Source(WakeupSignals.EVENT, eventsDao::presentKeys),
                new FallbackPoller.Source(WakeupSignals.STATUS, statuses::finishedAmong)),
            config.fallbackPollInterval(),
            time);
  }

  static LaunchedRuntime launch(DBOSConfig config, FunctionRegistry registry, JsonCodec codec) {
    if (config.adminPort() != 0) {
      throw new DBOSException(
          "adminPort "
              + config.adminPort()
              + " was requested, but this version of dbos4j has no"
              + " admin server; leave adminPort at 0");
    }
    String url = config.systemDatabaseUrl();
    SystemDatabase sysdb =
        SystemDatabase.open(
            url,
            config.user(),
            config.password(),
            config.systemDatabasePoolSize(),
            config.systemDatabaseOutageTimeout());
    LaunchedRuntime runtime = new LaunchedRuntime(config, registry, codec, sysdb, url);
    try {
      if (runtime.listener != null) {
        runtime.listener.start();
      }
    } catch (SQLException e) {
      runtime.close();
      throw new DBOSException(
          "Cannot listen for notifications on " + DatabaseUrls.redact(url) + ": " + e.getMessage(),
          e);
    }
    log.info(
        "DBOS launched: app {} version {} executor {}",
        config.appName(),
        runtime.appVersion,
        runtime.executorId);
    return runtime;
  }

  /**
   * Resumes the pending workflows of this executor and version. Called once the runtime is
   * installed, since recovered workflows call back into it from other threads.
   */
  void recoverPending() {
    new WorkflowRecovery(statuses, workflows, registry).recoverPending(executorId, appVersion);
  }

  /** The type an output is read back as when nothing declares it. */
  JavaType objectType() {
    return codec.objectType();
  }

  @Override
  public void close() {
    workflows.close();
    steps.close();
    poller.close();
    if (listener != null) {
      listener.close();
    }
    if (ownsExecutor) {
      executor.shutdownNow();
      try {
        if (!executor.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
          log.warn(
              "workflow threads still running after {} s; closing anyway", SHUTDOWN_GRACE_SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    systemDatabase.close();
    // Threads still waiting (a getResult or getEvent outside any workflow) look again, find the
    // pool closed and fail, instead of waiting for a signal that no longer comes.
    signals.fireAll();
  }
}
