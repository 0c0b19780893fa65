package org.dbos4j.internal.lifecycle;

import com.fasterxml.jackson.databind.JavaType;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.dbos4j.DBOSConfig;
import org.dbos4j.DBOSException;
import org.dbos4j.ForkOptions;
import org.dbos4j.ListWorkflowsInput;
import org.dbos4j.Queue;
import org.dbos4j.StartWorkflowOptions;
import org.dbos4j.StepInfo;
import org.dbos4j.ThrowingSupplier;
import org.dbos4j.WorkflowHandle;
import org.dbos4j.WorkflowStatus;
import org.dbos4j.internal.context.ContextScope;
import org.dbos4j.internal.context.DBOSContext;
import org.dbos4j.internal.context.WorkflowCallCapture;
import org.dbos4j.internal.context.WorkflowIds;
import org.dbos4j.internal.execution.DurableSleep;
import org.dbos4j.internal.execution.RetryPolicy;
import org.dbos4j.internal.execution.StepRunner;
import org.dbos4j.internal.execution.Throwables;
import org.dbos4j.internal.execution.WorkflowEvents;
import org.dbos4j.internal.execution.WorkflowMessages;
import org.dbos4j.internal.registry.CallDispatcher;
import org.dbos4j.internal.registry.FunctionRegistry;
import org.dbos4j.internal.registry.RegisteredStep;
import org.dbos4j.internal.registry.RegisteredTransaction;
import org.dbos4j.internal.registry.RegisteredWorkflow;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.serialize.TypeAllowList;
import org.dbos4j.internal.sysdb.SystemDatabase;
import org.dbos4j.internal.time.TimeSource;
import org.jspecify.annotations.Nullable;

/**
 * The process-wide state behind the static {@code DBOS} API: unconfigured, configured (accepting
 * registrations) or launched. {@code shutdown} returns to unconfigured.
 */
public final class Lifecycle implements CallDispatcher {
  public static final Lifecycle INSTANCE = new Lifecycle();

  private volatile @Nullable DBOSConfig config;
  private volatile @Nullable FunctionRegistry registry;
  private volatile @Nullable JsonCodec codec;
  private volatile @Nullable DBOSRuntime runtime;

  private Lifecycle() {}

  public synchronized void configure(DBOSConfig config) {
    Objects.requireNonNull(config, "config");
    if (runtime != null) {
      throw new DBOSException("DBOS is launched; call DBOS.shutdown() before configuring it again");
    }
    TypeAllowList allowList =
        new TypeAllowList(config.serializableTypes(), config.serializablePackages());
    JsonCodec newCodec = new JsonCodec(allowList);
    this.config = config;
    this.codec = newCodec;
    this.registry = new FunctionRegistry(this, newCodec, allowList);
  }

  public synchronized <T> T register(Class<T> iface, T impl, String instanceName) {
    return configuredRegistry("register " + iface.getName()).register(iface, impl, instanceName);
  }

  public synchronized void launch() {
    if (runtime != null) {
      return;
    }
    FunctionRegistry reg = configuredRegistry("launch");
    reg.freeze();
    DBOSRuntime r =
        DBOSRuntime.build(Objects.requireNonNull(config), reg, Objects.requireNonNull(codec));
    runtime = r; // installed first: recovered workflows call back into it from other threads
    try {
      r.start();
    } catch (RuntimeException e) {
      runtime = null;
      throw e;
    }
  }

  public synchronized void shutdown() {
    DBOSRuntime r = runtime;
    runtime = null;
    if (registry != null) {
      registry.close();
    }
    registry = null;
    codec = null;
    config = null;
    if (r != null) {
      r.stop();
    }
  }

  public synchronized void resetSystemDatabase() {
    if (runtime != null) {
      throw new DBOSException(
          "Cannot reset the system database while DBOS is launched; call DBOS.shutdown() first");
    }
    DBOSConfig c = requireConfig("reset the system database");
    SystemDatabase.drop(c.systemDatabaseUrl(), c.user(), c.password());
  }

  /** The configuration, or null before {@code configure}. */
  public synchronized @Nullable DBOSConfig config() {
    return config;
  }

  /**
   * The number of threads parked in recv, getEvent or getResult, waiting to be woken; 0 when not
   * launched (for tests and metrics).
   */
  public int parkedWaiters() {
    DBOSRuntime r = runtime;
    return r == null ? 0 : r.system.signals.parkedCount();
  }

  /**
   * The clock's time (epoch ms) of the last round the queue dispatcher finished; {@code
   * Long.MIN_VALUE} when not launched or without queues. For tests that move a manual clock and
   * must know the dispatcher has acted on the new time.
   */
  public long queueDispatchedAt() {
    DBOSRuntime r = runtime;
    return r == null ? Long.MIN_VALUE : r.execution.queueDispatchedAt();
  }

  /**
   * The address the admin server is bound to; null when not launched or without an admin server
   * (for tests, which check where it listens).
   */
  public @Nullable InetSocketAddress adminAddress() {
    DBOSRuntime r = runtime;
    return r == null ? null : r.adminAddress();
  }

  /** The launched runtime. */
  DBOSRuntime runtime(String action) {
    DBOSRuntime r = runtime;
    if (r == null) {
      throw new DBOSException(
          "Cannot " + action + ": DBOS is not launched; call DBOS.launch() first");
    }
    return r;
  }

  /**
   * Starts the workflow that {@code call} calls, in the background; see {@code DBOS.startWorkflow}.
   */
  public <R extends @Nullable Object> WorkflowHandle<R> startWorkflow(
      ThrowingSupplier<?, ?> call, @Nullable StartWorkflowOptions options) {
    Objects.requireNonNull(call, "call");
    DBOSRuntime r = runtime("start a workflow");
    WorkflowCallCapture capture = captureWorkflowCall(call);
    RegisteredWorkflow workflow = capture.workflow();
    if (capture.calls() != 1 || workflow == null) {
      throw new DBOSException(
          "startWorkflow expects a lambda that calls exactly one workflow method of a registered"
              + " proxy, e.g. DBOS.startWorkflow(() -> orders.checkout(id)); this one called "
              + capture.calls());
    }
    ExecutionServices x = r.execution;
    if (options != null && options.queue() != null) {
      return x.handles.started(
          x.enqueues.enqueue(workflow, capture.args(), options, capture.identity()));
    }
    return x.handles.started(
        x.starts.start(
            workflow,
            capture.args(),
            options == null ? null : options.workflowId(),
            capture.identity(),
            options == null ? null : options.timeout()));
  }

  /** Registers a queue; see {@code DBOS.registerQueue}. */
  public synchronized void registerQueue(Queue queue) {
    Objects.requireNonNull(queue, "queue");
    configuredRegistry("register queue '" + queue.name() + "'").queues().register(queue);
  }

  /** Messages of the launched runtime; {@code action} names the caller in errors. */
  public WorkflowMessages messages(String action) {
    return runtime(action).execution.messages;
  }

  /** Events of the launched runtime; {@code action} names the caller in errors. */
  public WorkflowEvents events(String action) {
    return runtime(action).execution.events;
  }

  /** Durable sleep of the launched runtime; {@code action} names the caller in errors. */
  public DurableSleep sleep(String action) {
    return runtime(action).execution.sleep;
  }

  /** A handle on a workflow by ID; see {@code DBOS.retrieveWorkflow}. */
  public <R extends @Nullable Object> WorkflowHandle<R> retrieveWorkflow(
      String workflowId, boolean existingWorkflow) {
    WorkflowIds.check(workflowId);
    return runtime("retrieve workflow " + workflowId)
        .execution
        .handles
        .handle(workflowId, existingWorkflow);
  }

  /** Runs an inline step; see {@code DBOS.runStep}. */
  public <R extends @Nullable Object> R runStep(
      String name, RetryPolicy policy, ThrowingSupplier<R, ?> body) {
    Objects.requireNonNull(body, "body");
    return runStep(name, policy, null, body);
  }

  /**
   * Runs a step: checkpointed inside a workflow, where its output is read back as {@code
   * outputType} (as {@code Object} if null); elsewhere it just runs.
   */
  private <R extends @Nullable Object> R runStep(
      String name, RetryPolicy policy, @Nullable JavaType outputType, ThrowingSupplier<R, ?> body) {
    DBOSContext ctx = DBOSContext.current();
    try {
      refuseWhileCapturing(ctx, "step '" + name + "'");
      if (ctx == null || ctx.workflow() == null) {
        return StepRunner.runUnrecorded(name, policy, body, timeSource());
      }
      DBOSRuntime r = runtime("run step '" + name + "'");
      return r.execution.steps.run(
          name, policy, outputType != null ? outputType : r.system.codec.objectType(), body);
    } catch (Throwable t) {
      throw Throwables.sneakyThrow(t);
    }
  }

  /**
   * A step or transaction run while {@code startWorkflow} evaluates its lambda: the lambda does
   * more than call one workflow.
   */
  private static void refuseWhileCapturing(@Nullable DBOSContext ctx, String ran) {
    if (ctx != null && ctx.capture() != null) {
      throw new DBOSException(
          "startWorkflow expects a lambda that calls one workflow method, but it ran " + ran);
    }
  }

  /** The launched runtime's time source, or before launch the configured clock's. */
  private TimeSource timeSource() {
    DBOSRuntime r = runtime;
    if (r != null) {
      return r.system.time;
    }
    DBOSConfig c = config;
    return TimeSource.of(c == null ? Clock.systemUTC() : c.clock());
  }

  /**
   * Cancels the execution of {@code workflowId} running in this process, if any: every wait of it
   * wakes at once and throws {@code DBOSWorkflowCancelledException}. Its recorded state is left as
   * it is.
   *
   * @return whether such an execution was running
   */
  public boolean cancelExecution(String workflowId) {
    return runtime("cancel workflow " + workflowId).execution.running.cancel(workflowId);
  }

  /** Cancels a workflow and its descendants; see {@code DBOS.cancelWorkflow}. */
  public void cancelWorkflow(String workflowId) {
    WorkflowIds.check(workflowId);
    runtime("cancel workflow " + workflowId).execution.cancellation.cancel(workflowId);
  }

  /** Resumes a cancelled workflow; see {@code DBOS.resumeWorkflow}. */
  public <R extends @Nullable Object> WorkflowHandle<R> resumeWorkflow(String workflowId) {
    WorkflowIds.check(workflowId);
    return runtime("resume workflow " + workflowId).execution.resumption.resume(workflowId);
  }

  /** Lists recorded workflows; see {@code DBOS.listWorkflows}. */
  public List<WorkflowStatus> listWorkflows(ListWorkflowsInput input) {
    Objects.requireNonNull(input, "input");
    return runtime("list workflows").execution.management.listWorkflows(input);
  }

  /** Lists a workflow's recorded operations; see {@code DBOS.listWorkflowSteps}. */
  public List<StepInfo> listWorkflowSteps(String workflowId) {
    WorkflowIds.check(workflowId);
    return runtime("list the steps of workflow " + workflowId)
        .execution
        .management
        .listWorkflowSteps(workflowId);
  }

  /** Forks a workflow; see {@code DBOS.forkWorkflow}. */
  public <R extends @Nullable Object> WorkflowHandle<R> forkWorkflow(
      String workflowId, int startStep, ForkOptions options) {
    return runtime("fork workflow " + workflowId).execution.fork(workflowId, startStep, options);
  }

  /** Deletes a workflow and maybe its children; see {@code DBOS.deleteWorkflow}. */
  public void deleteWorkflow(String workflowId, boolean deleteChildren) {
    runtime("delete workflow " + workflowId)
        .execution
        .management
        .delete(workflowId, deleteChildren);
  }

  private static WorkflowCallCapture captureWorkflowCall(ThrowingSupplier<?, ?> call) {
    WorkflowCallCapture capture = new WorkflowCallCapture();
    try (ContextScope scope = ContextScope.open()) {
      DBOSContext ctx = scope.context();
      WorkflowCallCapture outer = ctx.capture();
      ctx.setCapture(capture);
      try {
        call.get();
      } finally {
        ctx.setCapture(outer);
      }
    } catch (DBOSException e) {
      throw e;
    } catch (Exception e) {
      throw new DBOSException("startWorkflow's lambda threw before it called a workflow: " + e, e);
    }
    return capture;
  }

  @Override
  public @Nullable Object callWorkflow(RegisteredWorkflow workflow, Object[] args)
      throws Throwable {
    DBOSContext ctx = DBOSContext.current();
    WorkflowCallCapture capture = ctx == null ? null : ctx.capture();
    if (capture != null) {
      capture.capture(workflow, args, ctx.identity());
      return DefaultValues.of(workflow.method().getReturnType());
    }
    return runtime("call workflow '" + workflow.name() + "'").execution.starts.call(workflow, args);
  }

  @Override
  public @Nullable Object callStep(RegisteredStep step, Object[] args) {
    return runStep(step.name(), step.retryPolicy(), step.returnType(), () -> invoke(step, args));
  }

  @Override
  public @Nullable Object callTransaction(RegisteredTransaction transaction, Object[] args) {
    DBOSContext ctx = DBOSContext.current();
    try {
      refuseWhileCapturing(ctx, "transaction '" + transaction.name() + "'");
      return runtime("run transaction '" + transaction.name() + "'")
          .execution
          .transactions
          .run(transaction, args);
    } catch (Throwable t) {
      throw Throwables.sneakyThrow(t);
    }
  }

  private static @Nullable Object invoke(RegisteredStep step, Object[] args) throws Exception {
    try {
      return step.invoke(args);
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new DBOSException("Step '" + step.name() + "' threw " + t, t);
    }
  }

  private FunctionRegistry configuredRegistry(String action) {
    requireConfig(action);
    return Objects.requireNonNull(registry);
  }

  private DBOSConfig requireConfig(String action) {
    DBOSConfig c = config;
    if (c == null) {
      throw new DBOSException(
          "Cannot " + action + ": DBOS is not configured; call DBOS.configure(config) first");
    }
    return c;
  }
}
