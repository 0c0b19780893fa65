package org.dbos4j;

import io.opentelemetry.api.trace.Span;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.dbos4j.internal.context.DBOSContext;
import org.dbos4j.internal.context.Identity;
import org.dbos4j.internal.context.OperationArguments;
import org.dbos4j.internal.context.WorkflowFrame;
import org.dbos4j.internal.context.WorkflowIds;
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

  /**
   * Registers {@code queue}, so that workflows may be enqueued on it and this process, once
   * launched, dequeues and runs its workflows. Only before {@link #launch()}.
   *
   * <pre>{@code
   * Queue payments = Queue.builder("payments").concurrency(10).build();
   * DBOS.registerQueue(payments);
   * DBOS.launch();
   * WorkflowHandle<String> h = DBOS.startWorkflow(() -> orders.checkout("o1"),
   *     StartWorkflowOptions.builder().queue(payments).build());
   * }</pre>
   *
   * @throws DBOSException if DBOS is not configured or already launched, or a queue of the same
   *     name is registered
   */
  public static void registerQueue(Queue queue) {
    LIFECYCLE.registerQueue(queue);
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

  /**
   * {@link #startWorkflow(ThrowingSupplier)} with options: the workflow ID, or a queue to enqueue
   * the workflow on. An enqueued workflow is recorded ENQUEUED (or DELAYED, with a delay) before
   * this returns, and started later by a launched process that registered the queue, as its limits
   * allow; inside a workflow it is a child like any other.
   *
   * @throws DBOSException naming the queue if it is not registered here or refuses the options (a
   *     priority on a queue without priorities; a partition key missing on a partitioned queue, or
   *     given on another); nothing is recorded then
   * @throws DBOSQueueDuplicatedException if the queue holds an unfinished workflow with the same
   *     deduplication ID; nothing is recorded
   */
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

  /**
   * Cancels a workflow and its descendants that have not finished: they are CANCELLED at once. An
   * execution of one of them stops at its next durable operation (step, transaction, send, recv,
   * setEvent, getEvent, sleep, child start), which throws {@link DBOSWorkflowCancelledException}
   * and records nothing; one waiting in {@code recv}, {@code sleep}, {@code getEvent} or a child's
   * {@code getResult()} wakes at once; a step already running finishes, and its output is recorded.
   * {@code getResult()} of a cancelled workflow throws {@link
   * DBOSAwaitedWorkflowCancelledException}. Executions in other processes stop too: at once on
   * PostgreSQL, within one {@linkplain DBOSConfig#fallbackPollInterval() fallback poll interval}
   * otherwise; a workflow whose row is CANCELLED receives no further message in any case. The same
   * holds when another tool, or an operator's SQL, sets the row to CANCELLED. Cancelling a finished
   * workflow changes nothing.
   *
   * @throws DBOSNonExistentWorkflowException if no workflow has this ID
   */
  public static void cancelWorkflow(String workflowId) {
    LIFECYCLE.cancelWorkflow(workflowId);
  }

  /**
   * Resumes a workflow that was CANCELLED (or MAX_RECOVERY_ATTEMPTS_EXCEEDED): it becomes PENDING
   * again (ENQUEUED on its queue, if it had one), without its deadline, and runs from its last
   * recorded step, in this process unless it is queued; the steps recorded before are not run
   * again. A workflow in any other state is left as it is.
   *
   * @return a handle on the workflow
   * @throws DBOSNonExistentWorkflowException if no workflow has this ID
   * @throws DBOSException if the workflow must run here but is not registered in this process
   */
  public static <R extends @Nullable Object> WorkflowHandle<R> resumeWorkflow(String workflowId) {
    return LIFECYCLE.resumeWorkflow(workflowId);
  }

  // ---------------------------------------------------------------- management

  /**
   * Lists the recorded workflows that match {@code input} (every workflow for {@code
   * ListWorkflowsInput.builder().build()}), ordered by creation time, then ID, in one query of the
   * system database.
   *
   * @throws DBOSException if DBOS is not launched
   */
  public static List<WorkflowStatus> listWorkflows(ListWorkflowsInput input) {
    return LIFECYCLE.listWorkflows(input);
  }

  /**
   * Lists the recorded operations of a workflow in step order: its steps and transactions, its
   * children's starts (with {@link StepInfo#childWorkflowId()}) and the internal operations by
   * their {@code DBOS.*} names ({@code DBOS.send}, {@code DBOS.recv}, {@code DBOS.sleep}, {@code
   * DBOS.setEvent}, {@code DBOS.getEvent}, {@code DBOS.getResult}, ...).
   *
   * @throws DBOSNonExistentWorkflowException if no workflow has this ID
   * @throws DBOSException if DBOS is not launched
   */
  public static List<StepInfo> listWorkflowSteps(String workflowId) {
    return LIFECYCLE.listWorkflowSteps(workflowId);
  }

  /**
   * Forks a workflow from step {@code startStep}: a new workflow runs the original's function on
   * its input, replaying the original's operations numbered below {@code startStep} (their recorded
   * outputs, and the events they set) without running them again, and runs on from there. The
   * fork's {@link WorkflowStatus#forkedFrom()} names the original. The original may be in any state
   * and is left as it is. The fork runs in this process, in this application version.
   *
   * @return a handle on the fork
   * @throws IllegalArgumentException if {@code startStep} is below 1
   * @throws DBOSNonExistentWorkflowException if no workflow has this ID
   * @throws DBOSException if DBOS is not launched
   */
  public static <R extends @Nullable Object> WorkflowHandle<R> forkWorkflow(
      String workflowId, int startStep) {
    return forkWorkflow(workflowId, startStep, ForkOptions.builder().build());
  }

  /**
   * Forks a workflow as {@link #forkWorkflow(String, int)} does, with the fork's ID, application
   * version and timeout from {@code options}. A fork of another application version is not run
   * here: it stays PENDING until a process of that version (and this executor ID) recovers it.
   *
   * @return a handle on the fork
   * @throws IllegalArgumentException if {@code startStep} is below 1
   * @throws DBOSNonExistentWorkflowException if no workflow has this ID
   * @throws DBOSException if the fork's ID is taken, or DBOS is not launched
   */
  public static <R extends @Nullable Object> WorkflowHandle<R> forkWorkflow(
      String workflowId, int startStep, ForkOptions options) {
    return LIFECYCLE.forkWorkflow(workflowId, startStep, options);
  }

  /**
   * Deletes a workflow with everything recorded for it: its status, steps, messages sent to it and
   * events. Its children are kept. Deleting an unknown ID does nothing; a deleted ID may be used
   * again. Deleting does not stop a workflow that is still running: cancel it first.
   *
   * @throws DBOSException if DBOS is not launched
   */
  public static void deleteWorkflow(String workflowId) {
    deleteWorkflow(workflowId, false);
  }

  /**
   * Deletes a workflow as {@link #deleteWorkflow(String)} does and, if {@code deleteChildren}, its
   * children and their children, recursively, all in one transaction.
   *
   * @throws DBOSException if DBOS is not launched
   */
  public static void deleteWorkflow(String workflowId, boolean deleteChildren) {
    LIFECYCLE.deleteWorkflow(workflowId, deleteChildren);
  }

  // ---------------------------------------------------------------- messages, events, sleep

  /** The timeout of {@code recv} and {@code getEvent} when none is given, as in DBOS. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Sends {@code message} to the workflow {@code destinationId}, without topic. Works anywhere;
   * inside a workflow the send is checkpointed and happens exactly once.
   *
   * @throws DBOSNonExistentWorkflowException if no workflow has that ID
   */
  public static void send(String destinationId, @Nullable Object message) {
    send(destinationId, message, null);
  }

  /**
   * Sends {@code message} to the workflow {@code destinationId} on {@code topic} (null: no topic).
   *
   * @throws DBOSNonExistentWorkflowException if no workflow has that ID
   */
  public static void send(String destinationId, @Nullable Object message, @Nullable String topic) {
    LIFECYCLE.messages("send").send(workflowIdArgument(destinationId), message, topic);
  }

  /**
   * Sends from outside a workflow at most once per {@code idempotencyKey} and destination: a
   * repeated call with the same key delivers nothing more.
   */
  public static void send(
      String destinationId,
      @Nullable Object message,
      @Nullable String topic,
      String idempotencyKey) {
    LIFECYCLE
        .messages("send")
        .send(
            workflowIdArgument(destinationId),
            message,
            topic,
            OperationArguments.idempotencyKey(idempotencyKey));
  }

  /** {@link #send(String, Object, String)} without blocking; its step position is taken now. */
  public static CompletableFuture<Void> sendAsync(
      String destinationId, @Nullable Object message, @Nullable String topic) {
    return LIFECYCLE.messages("send").sendAsync(workflowIdArgument(destinationId), message, topic);
  }

  /** Receives the next message without topic, waiting up to {@link #DEFAULT_TIMEOUT}. */
  public static <T extends @Nullable Object> T recv() {
    return recv(null, DEFAULT_TIMEOUT);
  }

  /** Receives the next message of {@code topic}, waiting up to {@link #DEFAULT_TIMEOUT}. */
  public static <T extends @Nullable Object> T recv(@Nullable String topic) {
    return recv(topic, DEFAULT_TIMEOUT);
  }

  /**
   * Receives the oldest unreceived message of {@code topic} (null: messages sent without topic),
   * waiting up to {@code timeout}; null on timeout. Only inside a workflow; the receipt is
   * checkpointed, so each message is received exactly once, and the timeout is durable.
   */
  @SuppressWarnings("unchecked")
  public static <T extends @Nullable Object> T recv(@Nullable String topic, Duration timeout) {
    return (T) LIFECYCLE.messages("recv").recv(topic, timeoutArgument(timeout));
  }

  /** {@link #recv(String, Duration)} without blocking; its step positions are taken now. */
  @SuppressWarnings("unchecked")
  public static <T extends @Nullable Object> CompletableFuture<T> recvAsync(
      @Nullable String topic, Duration timeout) {
    return (CompletableFuture<T>)
        LIFECYCLE.messages("recv").recvAsync(topic, timeoutArgument(timeout));
  }

  /**
   * Publishes {@code value} under {@code key} for the current workflow (replacing an earlier
   * value). Only inside a workflow or one of its steps.
   */
  public static void setEvent(String key, @Nullable Object value) {
    LIFECYCLE.events("setEvent").setEvent(keyArgument(key), value);
  }

  /** {@link #setEvent} without blocking; its step position is taken now. */
  public static CompletableFuture<Void> setEventAsync(String key, @Nullable Object value) {
    return LIFECYCLE.events("setEvent").setEventAsync(keyArgument(key), value);
  }

  /**
   * The latest value of event {@code key} of a workflow, waiting up to {@link #DEFAULT_TIMEOUT}.
   */
  public static <T extends @Nullable Object> T getEvent(String workflowId, String key) {
    return getEvent(workflowId, key, DEFAULT_TIMEOUT);
  }

  /**
   * The latest value of event {@code key} of workflow {@code workflowId}, waiting up to {@code
   * timeout} for a first value (the workflow need not exist yet); null on timeout. Works anywhere;
   * inside a workflow the value is checkpointed and the timeout is durable.
   */
  @SuppressWarnings("unchecked")
  public static <T extends @Nullable Object> T getEvent(
      String workflowId, String key, Duration timeout) {
    return (T)
        LIFECYCLE
            .events("getEvent")
            .getEvent(workflowIdArgument(workflowId), keyArgument(key), timeoutArgument(timeout));
  }

  /** {@link #getEvent(String, String, Duration)} without blocking. */
  @SuppressWarnings("unchecked")
  public static <T extends @Nullable Object> CompletableFuture<T> getEventAsync(
      String workflowId, String key, Duration timeout) {
    return (CompletableFuture<T>)
        LIFECYCLE
            .events("getEvent")
            .getEventAsync(
                workflowIdArgument(workflowId), keyArgument(key), timeoutArgument(timeout));
  }

  /**
   * Sleeps durably: the wake-up time is recorded first, so after a crash the workflow sleeps only
   * for what is left. Only inside a workflow; zero or negative durations return at once.
   */
  public static void sleep(Duration duration) {
    LIFECYCLE.sleep("sleep").sleep(Objects.requireNonNull(duration, "duration"));
  }

  /** {@link #sleep} without blocking; its step position is taken now. */
  public static CompletableFuture<Void> sleepAsync(Duration duration) {
    return LIFECYCLE.sleep("sleep").sleepAsync(Objects.requireNonNull(duration, "duration"));
  }

  private static String workflowIdArgument(String workflowId) {
    return WorkflowIds.check(workflowId);
  }

  private static String keyArgument(String key) {
    return OperationArguments.eventKey(key);
  }

  private static Duration timeoutArgument(Duration timeout) {
    return OperationArguments.timeout(timeout);
  }

  // ---------------------------------------------------------------- context

  /** The ID of the current workflow, inside a workflow or its steps and transactions; else null. */
  public static @Nullable String workflowId() {
    DBOSContext ctx = DBOSContext.current();
    WorkflowFrame wf = ctx == null ? null : ctx.workflow();
    return wf == null ? null : wf.workflowId();
  }

  /**
   * The connection of the running {@link Transaction}: its SQL runs in the transaction, which
   * dbos4j commits when the method returns and rolls back when it throws. Its {@code commit()},
   * {@code rollback()}, {@code close()} and {@code setAutoCommit()} throw {@link DBOSException},
   * since the transaction is not the caller's to end; every other method works as usual.
   *
   * @throws DBOSException outside a {@code @Transaction} method
   */
  public static Connection sqlSession() {
    DBOSContext ctx = DBOSContext.current();
    Connection session = ctx == null ? null : ctx.sqlSession();
    if (session == null) {
      throw new DBOSException(
          "DBOS.sqlSession() may only be called inside a @Transaction method"
              + (ctx != null && ctx.stepName() != null
                  ? " (here: step '" + ctx.stepName() + "')"
                  : ""));
    }
    return session;
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

  /**
   * The OpenTelemetry span of the current workflow, step or transaction, to which code may add
   * attributes and events; elsewhere the current span ({@link Span#current()}). Never null: with
   * tracing off it is a span that records nothing.
   */
  public static Span span() {
    return Span.current();
  }

  /**
   * The HTTP request being handled, inside a request handled with a dbos4j HTTP integration (such
   * as {@code dbos4j-servlet}'s filter) or code called from it, including workflows started there
   * and their steps, also after recovery; else null.
   */
  public static @Nullable DBOSRequest request() {
    DBOSContext ctx = DBOSContext.current();
    return ctx == null ? null : ctx.request();
  }

  // ---------------------------------------------------------------- identity

  /** The authenticated user of the current context, or null if none. */
  public static @Nullable String authenticatedUser() {
    return identity().user();
  }

  /** The roles granted to the authenticated user; empty if none. */
  public static List<String> authenticatedRoles() {
    return identity().roles();
  }

  /**
   * The role the current call acts in: the first role of a {@link RequiredRoles} method that the
   * user holds, chosen when the method was called; null if no such check chose one.
   */
  public static @Nullable String assumedRole() {
    return identity().assumedRole();
  }

  /**
   * Sets the authenticated user and roles of the current context, replacing any identity set before
   * (the assumed role is cleared). In a block that created the context ({@link DBOSContextEnsure},
   * {@link DBOSContextSetAuth}), the identity ends with the block; inside a workflow it applies to
   * the workflows it starts from then on.
   *
   * @param user the authenticated user, or null for none
   * @param roles the user's roles; null means none
   * @throws DBOSException if there is no DBOS context (outside such blocks, workflows and steps)
   */
  public static void setAuthentication(@Nullable String user, @Nullable List<String> roles) {
    DBOSContext ctx = DBOSContext.current();
    if (ctx == null) {
      throw new DBOSException(
          "DBOS.setAuthentication needs a DBOS context; call it inside a DBOSContextEnsure block,"
              + " a workflow or a step, or use try (var auth = new DBOSContextSetAuth(user,"
              + " roles)) { ... }");
    }
    ctx.setIdentity(Identity.authenticated(user, roles));
  }

  private static Identity identity() {
    DBOSContext ctx = DBOSContext.current();
    return ctx == null ? Identity.NONE : ctx.identity();
  }
}
