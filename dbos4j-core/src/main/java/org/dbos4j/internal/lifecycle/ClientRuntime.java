package org.dbos4j.internal.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.dbos4j.DBOSConfig;
import org.dbos4j.EnqueueOptions;
import org.dbos4j.ForkOptions;
import org.dbos4j.ListWorkflowsInput;
import org.dbos4j.StepInfo;
import org.dbos4j.WorkflowHandle;
import org.dbos4j.WorkflowStatus;
import org.dbos4j.internal.context.DBOSContext;
import org.dbos4j.internal.execution.OperationServices;
import org.dbos4j.internal.execution.RunningWorkflows;
import org.dbos4j.internal.execution.WorkflowCancellation;
import org.dbos4j.internal.execution.WorkflowEvents;
import org.dbos4j.internal.execution.WorkflowHandles;
import org.dbos4j.internal.execution.WorkflowMessages;
import org.dbos4j.internal.execution.WorkflowOutcomes;
import org.dbos4j.internal.execution.WorkflowResumption;
import org.dbos4j.internal.execution.WorkflowThreads;
import org.dbos4j.internal.management.WorkflowManagement;
import org.dbos4j.internal.queue.ClientEnqueues;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.serialize.TypeAllowList;
import org.dbos4j.internal.sysdb.EnqueueDao;
import org.dbos4j.internal.sysdb.WorkflowRow;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code DBOSClient} runs on: the {@link SystemDatabaseServices} of a launched process,
 * opened without creating or migrating anything, and on them the same handles, messages, events,
 * cancellation, resumption and {@link WorkflowManagement} a launched process uses, with no workflow
 * running here and none registered (recorded values are read as plain JSON values of their recorded
 * classes). It runs no workflows: enqueued, resumed and forked ones run in launched processes.
 */
public final class ClientRuntime implements AutoCloseable {
  /** A client registers no workflows: recorded values are read as their recorded classes. */
  private static final WorkflowHandles.WorkflowTypes NONE_REGISTERED = (name, instance) -> null;

  private final ExecutorService executor = WorkflowThreads.newDefaultExecutor();
  private final Subsystems subsystems = new Subsystems();
  private final WorkflowHandles handles;
  private final WorkflowMessages messages;
  private final WorkflowEvents events;
  private final WorkflowCancellation cancellation;
  private final WorkflowResumption resumption;
  private final ClientEnqueues enqueues;
  private final WorkflowManagement management;

  private ClientRuntime(SystemDatabaseSettings settings, JsonCodec codec) {
    SystemDatabaseServices system = new SystemDatabaseServices(settings, codec);
    RunningWorkflows none = new RunningWorkflows();
    WorkflowOutcomes outcomes =
        new WorkflowOutcomes(
            system.statuses, system.codec, system.errors, system.signals, system.time);
    this.handles =
        new WorkflowHandles(outcomes, none, NONE_REGISTERED, system.operations, executor);
    this.cancellation =
        new WorkflowCancellation(
            system.cancels, system.statuses, none, system.signals, system.time);
    this.resumption = new WorkflowResumption(system.cancels, outcomes, handles, null, system.time);
    OperationServices services = system.operationServices(executor);
    this.messages = new WorkflowMessages(system.notifications, services);
    this.events = new WorkflowEvents(system.events, services);
    this.enqueues =
        new ClientEnqueues(new EnqueueDao(system.database, system.statuses), codec, system.time);
    this.management =
        new WorkflowManagement(
            system.database, system.codec, system.errors, NONE_REGISTERED, system.time);
    // Listed first, so stopped last: threads waiting in getResultAsync have failed by then.
    subsystems.add(Subsystem.stoppedBy("the client's threads", executor::shutdownNow));
    subsystems.addAll(system.subsystems());
  }

  /**
   * Connects to the system database at {@code url}, which must have the schema this code knows, and
   * starts listening for wake-ups.
   *
   * @param serializableTypes classes beyond JDK value types, records and enums that recorded values
   *     may name (see {@link DBOSConfig#serializableTypes()})
   * @param serializablePackages packages whose classes recorded values may name
   * @throws org.dbos4j.DBOSException naming the URL (never the password) if it cannot
   */
  public static ClientRuntime open(
      String url,
      @Nullable String user,
      @Nullable String password,
      int poolSize,
      Duration fallbackPollInterval,
      Clock clock,
      List<Class<?>> serializableTypes,
      List<String> serializablePackages) {
    SystemDatabaseSettings settings =
        new SystemDatabaseSettings(
            url,
            user,
            password,
            poolSize,
            DBOSConfig.DEFAULT_SYSTEM_DATABASE_OUTAGE_TIMEOUT,
            fallbackPollInterval,
            clock,
            false);
    ClientRuntime runtime =
        new ClientRuntime(
            settings, new JsonCodec(new TypeAllowList(serializableTypes, serializablePackages)));
    runtime.subsystems.start();
    return runtime;
  }

  /** Enqueues a workflow by name; returns a handle on it. */
  public <R extends @Nullable Object> WorkflowHandle<R> enqueue(
      EnqueueOptions options, @Nullable Object[] args) {
    return handle(enqueues.enqueue(options, args), false);
  }

  /** A handle on a workflow; with {@code mustExist}, one that exists now. */
  public <R extends @Nullable Object> WorkflowHandle<R> handle(
      String workflowId, boolean mustExist) {
    return new OutsideWorkflows<>(handles.handle(workflowId, mustExist));
  }

  /** Sends a message, as {@code DBOS.send} does outside a workflow. */
  public void send(String destination, @Nullable Object message, @Nullable String topic) {
    outsideWorkflows(
        () -> {
          messages.send(destination, message, topic);
          return null;
        });
  }

  /** Sends a message at most once per key and destination. */
  public void send(
      String destination, @Nullable Object message, @Nullable String topic, String idempotencyKey) {
    messages.send(destination, message, topic, idempotencyKey);
  }

  /** The latest value of an event, waiting up to {@code timeout} for a first one. */
  public @Nullable Object getEvent(String workflowId, String key, Duration timeout) {
    return outsideWorkflows(() -> events.getEvent(workflowId, key, timeout));
  }

  /** A client's handle: waiting for a result is never a checkpointed operation of the caller. */
  private record OutsideWorkflows<R extends @Nullable Object>(WorkflowHandle<R> handle)
      implements WorkflowHandle<R> {
    @Override
    public String workflowId() {
      return handle.workflowId();
    }

    @Override
    public R getResult() {
      return outsideWorkflows(handle::getResult);
    }

    @Override
    public CompletableFuture<R> getResultAsync() {
      return outsideWorkflows(handle::getResultAsync);
    }

    @Override
    public WorkflowStatus getStatus() {
      return handle.getStatus();
    }

    @Override
    public String toString() {
      return handle.toString();
    }
  }

  /**
   * Runs {@code operation} as outside any workflow: called in a workflow of this thread, a client's
   * operation is not checkpointed there, and must not take that workflow's step numbers, since the
   * client's system database need not even be the workflow's.
   */
  private static <T extends @Nullable Object> T outsideWorkflows(Supplier<T> operation) {
    DBOSContext ctx = DBOSContext.current();
    DBOSContext.clear();
    try {
      return operation.get();
    } finally {
      DBOSContext.set(ctx);
    }
  }

  /** Cancels a workflow and its unfinished descendants. */
  public void cancel(String workflowId) {
    cancellation.cancel(workflowId);
  }

  /**
   * Resumes a cancelled workflow, for launched processes to run (see {@link WorkflowResumption}).
   */
  public <R extends @Nullable Object> WorkflowHandle<R> resume(String workflowId) {
    return new OutsideWorkflows<>(resumption.resume(workflowId));
  }

  /** Lists recorded workflows (see {@link WorkflowManagement#listWorkflows}). */
  public List<WorkflowStatus> listWorkflows(ListWorkflowsInput input) {
    return management.listWorkflows(input);
  }

  /** Lists enqueued workflows (see {@link WorkflowManagement#listQueued}). */
  public List<WorkflowStatus> listQueued(ListWorkflowsInput input) {
    return management.listQueued(input);
  }

  /** Lists a workflow's recorded operations (see {@link WorkflowManagement#listWorkflowSteps}). */
  public List<StepInfo> listWorkflowSteps(String workflowId) {
    return management.listWorkflowSteps(workflowId);
  }

  /**
   * Records a fork, in the original's application version unless {@code options} names one, for a
   * launched process of the original's executor ID and that version to recover and run; returns a
   * handle on it.
   */
  public <R extends @Nullable Object> WorkflowHandle<R> fork(
      String workflowId, int startStep, ForkOptions options) {
    WorkflowRow fork = management.fork(workflowId, startStep, options, null, null);
    return handle(fork.workflowId(), false);
  }

  /** Deletes a workflow, and maybe its children (see {@link WorkflowManagement#delete}). */
  public void delete(String workflowId, boolean withChildren) {
    management.delete(workflowId, withChildren);
  }

  /** Stops listening and closes the database; a second call does nothing. */
  @Override
  public void close() {
    subsystems.stop();
  }
}
