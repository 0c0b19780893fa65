package org.dbos4j.internal.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.dbos4j.DBOSConfig;
import org.dbos4j.DBOSException;
import org.dbos4j.ForkOptions;
import org.dbos4j.WorkflowHandle;
import org.dbos4j.internal.appdb.ApplicationDatabase;
import org.dbos4j.internal.execution.DeferredCheckpoints;
import org.dbos4j.internal.execution.DurableSleep;
import org.dbos4j.internal.execution.OperationServices;
import org.dbos4j.internal.execution.RunningWorkflows;
import org.dbos4j.internal.execution.StepRunner;
import org.dbos4j.internal.execution.TransactionRunner;
import org.dbos4j.internal.execution.WorkflowCancellation;
import org.dbos4j.internal.execution.WorkflowEvents;
import org.dbos4j.internal.execution.WorkflowHandles;
import org.dbos4j.internal.execution.WorkflowMessages;
import org.dbos4j.internal.execution.WorkflowOutcomes;
import org.dbos4j.internal.execution.WorkflowRecovery;
import org.dbos4j.internal.execution.WorkflowResumption;
import org.dbos4j.internal.execution.WorkflowStarts;
import org.dbos4j.internal.execution.WorkflowThreads;
import org.dbos4j.internal.execution.WorkflowTimeouts;
import org.dbos4j.internal.liveness.ProcessLease;
import org.dbos4j.internal.management.WorkflowManagement;
import org.dbos4j.internal.queue.QueueDispatcher;
import org.dbos4j.internal.queue.QueuedStarts;
import org.dbos4j.internal.registry.AppVersion;
import org.dbos4j.internal.registry.FunctionRegistry;
import org.dbos4j.internal.registry.RegisteredWorkflow;
import org.dbos4j.internal.sysdb.EnqueueDao;
import org.dbos4j.internal.sysdb.QueuesDao;
import org.dbos4j.internal.sysdb.WorkflowRow;
import org.dbos4j.internal.tracing.Tracing;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The half of the runtime that runs workflows, on top of {@link SystemDatabaseServices}: the
 * workflow executor, starts and executions, steps, handles, the context operations (messages,
 * events, durable sleep), cancellation, timeouts and resumption, the recovery of pending workflows
 * at launch, and the queues: their enqueues and, once recovery has started, their dispatcher.
 */
final class ExecutionServices {
  private static final Logger log = LoggerFactory.getLogger(ExecutionServices.class);
  private static final long SHUTDOWN_GRACE_SECONDS = 10;

  final String executorId;
  final String appVersion;

  /** This launch of this process: the owner recorded with the workflows it runs. */
  final String processId = UUID.randomUUID().toString();

  final RunningWorkflows running = new RunningWorkflows();
  final WorkflowOutcomes outcomes;
  final WorkflowStarts starts;
  final StepRunner steps;
  final WorkflowHandles handles;
  final WorkflowMessages messages;
  final WorkflowEvents events;
  final DurableSleep sleep;
  final TransactionRunner transactions;
  final WorkflowCancellation cancellation;
  final WorkflowResumption resumption;
  final WorkflowManagement management;
  private final FunctionRegistry registry;
  private final WorkflowTimeouts timeouts;
  final QueuedStarts enqueues;
  private final @Nullable QueueDispatcher dispatcher;
  private final @Nullable ApplicationDatabase applicationDatabase;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  final WorkflowRecovery recovery;
  private final ProcessLease lease;

  ExecutionServices(DBOSConfig config, FunctionRegistry registry, SystemDatabaseServices system) {
    this.registry = registry;
    this.applicationDatabase = openApplicationDatabase(config, registry);
    this.executorId = config.executorId();
    this.appVersion =
        config.appVersion() != null
            ? config.appVersion()
            : AppVersion.of(registry.implementationClasses());
    this.ownsExecutor = config.executor() == null;
    this.executor = ownsExecutor ? WorkflowThreads.newDefaultExecutor() : config.executor();
    this.outcomes =
        new WorkflowOutcomes(
            system.statuses, system.codec, system.errors, system.signals, system.time);
    DeferredCheckpoints deferred = new DeferredCheckpoints(system.operations, executor);
    Tracing tracing = new Tracing(config.openTelemetry(), executorId, appVersion);
    this.cancellation =
        new WorkflowCancellation(
            system.cancels, system.statuses, running, system.signals, system.time);
    this.timeouts = new WorkflowTimeouts(cancellation, system.time);
    QueuesDao queues = new QueuesDao(system.database, executorId, processId, appVersion);
    this.starts =
        new WorkflowStarts(
            system.statuses,
            new EnqueueDao(system.database, system.statuses),
            system.operations,
            deferred,
            outcomes,
            running,
            system.time,
            executor,
            executorId,
            appVersion,
            processId,
            timeouts,
            tracing);
    this.steps =
        new StepRunner(system.operations, system.codec, system.errors, system.time, tracing);
    this.transactions =
        new TransactionRunner(
            applicationDatabase, deferred, system.codec, system.errors, system.time, tracing);
    this.handles =
        new WorkflowHandles(outcomes, running, registry::workflow, system.operations, executor);
    this.resumption =
        new WorkflowResumption(
            system.cancels,
            outcomes,
            handles,
            new WorkflowResumption.LocalRun(starts, running, registry::workflow),
            system.time);
    this.management =
        new WorkflowManagement(
            system.database, system.codec, system.errors, registry::workflow, system.time);
    system.cancellations.attach(running);
    OperationServices services = system.operationServices(executor);
    this.messages = new WorkflowMessages(system.notifications, services);
    this.events = new WorkflowEvents(system.events, services);
    this.sleep = new DurableSleep(services);
    this.recovery =
        new WorkflowRecovery(
            system.statuses, starts, registry, system.time, processId, executorId, appVersion);
    this.lease =
        new ProcessLease(
            system.processes,
            processId,
            executorId,
            appVersion,
            recovery::recoverPending,
            system.database.pushesNotifications());
    this.dispatcher =
        registry.queues().all().isEmpty()
            ? null
            : new QueueDispatcher(registry, queues, starts, running, system.time);
    if (dispatcher != null) {
      system.subscribe(QueueDispatcher.CHANNEL, dispatcher);
    }
    system.subscribe(ProcessLease.ORPHAN_CHANNEL, lease);
    this.enqueues = new QueuedStarts(registry.queues(), starts, dispatcher, system.time);
  }

  /**
   * In start order. Stopping runs backwards: the queue dispatcher stops first; steps, transactions
   * and outcomes stop recording failures and starts stop admitting before the executor interrupts
   * the workflows still running, which therefore stay PENDING, to be recovered; the application
   * database closes last.
   */
  List<Subsystem> subsystems() {
    List<Subsystem> parts = new ArrayList<>();
    if (applicationDatabase != null) {
      parts.add(Subsystem.stoppedBy(applicationDatabase.toString(), applicationDatabase::close));
    }
    // First in, last out: the lease is held before any workflow records this process, and given
    // up only after the executor has stopped every execution.
    parts.add(Subsystem.of("the process lease", lease::start, lease::stop));
    parts.add(Subsystem.stoppedBy("the workflow executor", this::stopExecutor));
    parts.add(Subsystem.stoppedBy("workflow starts", starts::close));
    parts.add(Subsystem.stoppedBy("workflow outcomes", outcomes::close));
    parts.add(Subsystem.stoppedBy("steps", steps::close));
    parts.add(Subsystem.stoppedBy("transactions", transactions::close));
    parts.add(Subsystem.of("workflow timeouts", timeouts::start, timeouts::close));
    parts.add(Subsystem.of("recovery of pending workflows", recovery::recoverPending, () -> {}));
    if (dispatcher != null) {
      parts.add(Subsystem.of("the queue dispatcher", dispatcher::start, dispatcher::close));
    }
    return parts;
  }

  /**
   * Forks a workflow; see {@code DBOS.forkWorkflow}. A fork of this process's version whose
   * workflow is registered here runs here at once, like a resumed workflow; any other stays PENDING
   * for a process of this executor and the fork's version.
   */
  <R extends @Nullable Object> WorkflowHandle<R> fork(
      String workflowId, int startStep, ForkOptions options) {
    WorkflowRow fork = management.fork(workflowId, startStep, options, appVersion, executorId);
    RegisteredWorkflow wf =
        appVersion.equals(fork.appVersion())
            ? registry.workflow(fork.name(), fork.instanceName())
            : null;
    if (wf == null) {
      return handles.handle(fork.workflowId(), false);
    }
    return handles.started(new WorkflowStarts.Started(fork.workflowId(), starts.resume(wf, fork)));
  }

  /** See {@link QueueDispatcher#lastRoundAt()}; {@code Long.MIN_VALUE} without a dispatcher. */
  long queueDispatchedAt() {
    return dispatcher == null ? Long.MIN_VALUE : dispatcher.lastRoundAt();
  }

  /**
   * The application database of {@code config}, or null if none is configured, which is allowed
   * only while no transaction is registered.
   */
  private static @Nullable ApplicationDatabase openApplicationDatabase(
      DBOSConfig config, FunctionRegistry registry) {
    if (config.dataSource() != null) {
      return ApplicationDatabase.using(config.dataSource());
    }
    if (config.databaseUrl() != null) {
      return ApplicationDatabase.open(
          config.databaseUrl(), config.user(), config.password(), config.databasePoolSize());
    }
    List<String> transactions = registry.transactionNames();
    if (!transactions.isEmpty()) {
      throw new DBOSException(
          "Transactions "
              + transactions
              + " are registered, but no application database is configured for them; set"
              + " DBOSConfig.Builder.databaseUrl or dataSource");
    }
    return null;
  }

  private void stopExecutor() {
    if (!ownsExecutor) {
      return;
    }
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
}
