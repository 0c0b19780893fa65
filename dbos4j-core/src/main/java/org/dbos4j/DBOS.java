package org.dbos4j;

import java.util.Objects;
import org.dbos4j.internal.context.DBOSContext;
import org.dbos4j.internal.context.WorkflowFrame;
import org.dbos4j.internal.execution.RetryPolicy;
import org.dbos4j.internal.lifecycle.Lifecycle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of dbos4j: lifecycle, registration, and the context methods of the running
 * workflow.
 *
 * <pre>{@code
 * DBOS.configure(DBOSConfig.builder().appName("orders")
 *     .systemDatabaseUrl("jdbc:postgresql://localhost:5432/orders_dbos_sys")
 *     .user("postgres").password("dbos").build());
 * Orders orders = DBOS.register(Orders.class, new OrdersImpl());
 * DBOS.launch();
 * String receipt = orders.checkout("order-1");   // durable: survives crashes, runs once per ID
 * }</pre>
 */
public final class DBOS {
  private static final Logger LOGGER = LoggerFactory.getLogger("dbos");
  private static final Lifecycle LIFECYCLE = Lifecycle.INSTANCE;

  private DBOS() {}

  // ---------------------------------------------------------------- lifecycle

  /**
   * Sets the configuration. Call once before registering; after {@link #shutdown()} it may be
   * called again.
   *
   * @throws DBOSException if DBOS is launched
   */
  public static void configure(DBOSConfig config) {
    LIFECYCLE.configure(config);
  }

  /**
   * Connects to the system database (creating it and its schema if missing), then resumes the
   * PENDING workflows of this executor and application version. Calling it again is a no-op.
   *
   * @throws DBOSException if not configured, or if the system database cannot be reached or
   *     prepared (the message names the URL, never the password)
   */
  public static void launch() {
    LIFECYCLE.launch();
  }

  /**
   * Stops accepting work, closes the connection pool and forgets the configuration and
   * registrations. Workflows still running stay PENDING and are recovered by the next launch.
   * Idempotent, and allowed after a failed launch.
   */
  public static void shutdown() {
    LIFECYCLE.shutdown();
  }

  /** Drops all DBOS state of the configured system database. For tests; only while not launched. */
  public static void resetSystemDatabase() {
    LIFECYCLE.resetSystemDatabase();
  }

  // ---------------------------------------------------------------- registration

  /**
   * Registers {@code impl} and returns a proxy of {@code iface}: calls through the proxy to {@link
   * Workflow} and {@link Step} methods are durable. Only before {@link #launch()}.
   */
  public static <T> T register(Class<T> iface, T impl) {
    return register(iface, impl, "");
  }

  /** Like {@link #register(Class, Object)}, for one of several instances of the same class. */
  public static <T> T register(Class<T> iface, T impl, String instanceName) {
    return LIFECYCLE.register(iface, impl, instanceName);
  }

  // ---------------------------------------------------------------- steps

  /**
   * Runs {@code fn} as a step named {@code name}: inside a workflow its outcome is checkpointed and
   * a recovering workflow gets the recorded outcome instead of running it again; elsewhere it just
   * runs.
   */
  public static <R extends @Nullable Object, X extends Exception> R runStep(
      String name, ThrowingSupplier<R, X> fn) throws X {
    return LIFECYCLE.runStep(stepName(name), RetryPolicy.NONE, fn);
  }

  /** {@link #runStep(String, ThrowingSupplier)} for a step without result. */
  public static <X extends Exception> void runStep(String name, ThrowingRunnable<X> fn) throws X {
    Objects.requireNonNull(fn, "fn");
    LIFECYCLE.runStep(
        stepName(name),
        RetryPolicy.NONE,
        () -> {
          fn.run();
          return null;
        });
  }

  /** {@link #runStep(String, ThrowingSupplier)} with a name and retry policy. */
  public static <R extends @Nullable Object, X extends Exception> R runStep(
      StepOptions options, ThrowingSupplier<R, X> fn) throws X {
    Objects.requireNonNull(options, "options");
    return LIFECYCLE.runStep(options.name(), RetryPolicy.of(options), fn);
  }

  /** {@link #runStep(StepOptions, ThrowingSupplier)} for a step without result. */
  public static <X extends Exception> void runStep(StepOptions options, ThrowingRunnable<X> fn)
      throws X {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(fn, "fn");
    LIFECYCLE.runStep(
        options.name(),
        RetryPolicy.of(options),
        () -> {
          fn.run();
          return null;
        });
  }

  private static String stepName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("step name must not be blank");
    }
    return name;
  }

  // ---------------------------------------------------------------- workflows

  /**
   * Starts in the background the workflow that {@code call} calls, e.g. {@code
   * DBOS.startWorkflow(() -> orders.checkout("o1"))}. Returns once the workflow is durably
   * recorded: from then on it runs to completion even if this process dies. Started with an ID that
   * exists, it returns a handle to that workflow and starts nothing.
   */
  public static <R extends @Nullable Object> WorkflowHandle<R> startWorkflow(
      ThrowingSupplier<R, ?> call) {
    return LIFECYCLE.startWorkflow(call, null);
  }

  /** {@link #startWorkflow(ThrowingSupplier)} with options (workflow ID, ...). */
  public static <R extends @Nullable Object> WorkflowHandle<R> startWorkflow(
      ThrowingSupplier<R, ?> call, StartWorkflowOptions options) {
    return LIFECYCLE.startWorkflow(call, Objects.requireNonNull(options, "options"));
  }

  /** {@link #startWorkflow(ThrowingSupplier)} for a workflow without result. */
  public static WorkflowHandle<@Nullable Void> startWorkflow(ThrowingRunnable<?> call) {
    return LIFECYCLE.startWorkflow(asSupplier(call), null);
  }

  /** {@link #startWorkflow(ThrowingRunnable)} with options. */
  public static WorkflowHandle<@Nullable Void> startWorkflow(
      ThrowingRunnable<?> call, StartWorkflowOptions options) {
    return LIFECYCLE.startWorkflow(asSupplier(call), Objects.requireNonNull(options, "options"));
  }

  private static ThrowingSupplier<@Nullable Void, ?> asSupplier(ThrowingRunnable<?> call) {
    Objects.requireNonNull(call, "call");
    return () -> {
      call.run();
      return null;
    };
  }

  /**
   * A handle on an existing workflow.
   *
   * @throws DBOSNonExistentWorkflowException if no workflow has this ID
   */
  public static <R extends @Nullable Object> WorkflowHandle<R> retrieveWorkflow(String workflowId) {
    return LIFECYCLE.retrieveWorkflow(workflowId, true);
  }

  /**
   * A handle on a workflow; with {@code existingWorkflow} false the workflow need not exist yet:
   * the handle's {@code getResult()} waits for it to be created and to finish.
   */
  public static <R extends @Nullable Object> WorkflowHandle<R> retrieveWorkflow(
      String workflowId, boolean existingWorkflow) {
    return LIFECYCLE.retrieveWorkflow(workflowId, existingWorkflow);
  }

  // ---------------------------------------------------------------- context

  /** The ID of the current workflow, inside a workflow or one of its steps; else null. */
  public static @Nullable String workflowId() {
    DBOSContext ctx = DBOSContext.current();
    WorkflowFrame wf = ctx == null ? null : ctx.workflow();
    return wf == null ? null : wf.workflowId();
  }

  /**
   * The DBOS logger. While a workflow runs, its ID is in the SLF4J MDC under {@code
   * dbos.workflow_id}.
   */
  public static Logger logger() {
    return LOGGER;
  }

  /**
   * The current configuration.
   *
   * @throws DBOSException if DBOS is not configured
   */
  public static DBOSConfig config() {
    DBOSConfig config = LIFECYCLE.config();
    if (config == null) {
      throw new DBOSException("DBOS is not configured; call DBOS.configure(config) first");
    }
    return config;
  }
}
