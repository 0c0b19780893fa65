package org.dbos4j;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dbos4j.internal.context.OperationArguments;
import org.dbos4j.internal.context.WorkflowIds;
import org.dbos4j.internal.db.DatabaseUrls;
import org.dbos4j.internal.lifecycle.ClientRuntime;
import org.jspecify.annotations.Nullable;

/**
 * Works with the workflows of a system database from a process that runs none: enqueues them by
 * name, sends them messages, reads their events, results and statuses, lists them and their steps,
 * and cancels, resumes, forks and deletes them. Nothing is registered or launched, and the system
 * database is never created or migrated: it must already have the schema this version of dbos4j
 * knows.
 *
 * <pre>{@code
 * try (DBOSClient client = DBOSClient.builder()
 *     .systemDatabaseUrl("jdbc:postgresql://db:5432/orders_dbos_sys").user("u").password("p")
 *     .build()) {
 *   WorkflowHandle<String> h =
 *       client.enqueue(EnqueueOptions.builder("OrdersImpl.checkout", "payments").build(), "o-1");
 *   String result = h.getResult();
 * }
 * }</pre>
 *
 * <p>Handles, {@code send} and {@code getEvent} behave as {@link DBOS}'s do outside a workflow.
 * Recorded values are read as the classes they were recorded with (records, enums and JDK value
 * types; other classes once allowed with {@link Builder#serializableTypes}), which must be on this
 * process's classpath. A client is safe to use from many threads; close it when done.
 */
public final class DBOSClient implements AutoCloseable {
  private static final int DEFAULT_POOL_SIZE = 4;

  private final ClientRuntime runtime;

  private DBOSClient(ClientRuntime runtime) {
    this.runtime = runtime;
  }

  /** A builder; {@link Builder#systemDatabaseUrl} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Enqueues a workflow by name on a queue, with {@code args} as its arguments, serialized as a
   * launched process serializes them; a launched process that registered that workflow and queue
   * runs it. Returns once the workflow is recorded ENQUEUED (or DELAYED).
   *
   * <p>The queue cannot be checked here: queues are registered in the processes that run them. A
   * workflow on a queue no process registers stays ENQUEUED, and so does one whose partition key
   * does not fit its queue (none on a partitioned queue, one on another); a priority orders the
   * workflow on any queue.
   *
   * @throws DBOSQueueDuplicatedException if the deduplication ID is taken on the queue
   * @throws DBOSWorkflowConflictException if the workflow ID is taken by a workflow of another name
   * @throws IllegalArgumentException if an argument cannot be serialized
   */
  public <R extends @Nullable Object> WorkflowHandle<R> enqueue(
      EnqueueOptions options, @Nullable Object... args) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(args, "args");
    return runtime.enqueue(options, args);
  }

  /**
   * Sends {@code message} to the workflow {@code destinationId} on {@code topic} (null: no topic).
   *
   * @throws DBOSNonExistentWorkflowException if no workflow has that ID
   */
  public void send(String destinationId, @Nullable Object message, @Nullable String topic) {
    runtime.send(WorkflowIds.check(destinationId), message, topic);
  }

  /**
   * Sends at most once per {@code idempotencyKey} and destination: a repeated call with the same
   * key delivers nothing more.
   *
   * @throws DBOSNonExistentWorkflowException if no workflow has that ID
   */
  public void send(
      String destinationId,
      @Nullable Object message,
      @Nullable String topic,
      String idempotencyKey) {
    runtime.send(
        WorkflowIds.check(destinationId),
        message,
        topic,
        OperationArguments.idempotencyKey(idempotencyKey));
  }

  /**
   * The latest value of the event {@code key} of workflow {@code workflowId}, waiting up to {@code
   * timeout} for it to be set; null if it is not set by then.
   */
  @SuppressWarnings("unchecked")
  public <T extends @Nullable Object> T getEvent(String workflowId, String key, Duration timeout) {
    return (T)
        runtime.getEvent(
            WorkflowIds.check(workflowId),
            OperationArguments.eventKey(key),
            OperationArguments.timeout(timeout));
  }

  /**
   * A handle on an existing workflow.
   *
   * @throws DBOSNonExistentWorkflowException if no workflow has this ID
   */
  public <R extends @Nullable Object> WorkflowHandle<R> retrieveWorkflow(String workflowId) {
    return runtime.handle(WorkflowIds.check(workflowId), true);
  }

  /**
   * Cancels a workflow and its unfinished descendants, as {@link DBOS#cancelWorkflow} does: they
   * are CANCELLED at once, and the processes running them stop them at their next durable
   * operation.
   *
   * @throws DBOSNonExistentWorkflowException if no workflow has this ID
   */
  public void cancelWorkflow(String workflowId) {
    runtime.cancel(WorkflowIds.check(workflowId));
  }

  /**
   * Resumes a CANCELLED or MAX_RECOVERY_ATTEMPTS_EXCEEDED workflow: it becomes PENDING again
   * (ENQUEUED on its queue, if it had one), without its deadline, and runs from its last recorded
   * step in a launched process. A queued one is dequeued by a process that runs its queue; one that
   * is not queued is taken over by the recovery of a live process of its executor ID and
   * application version (at once on PostgreSQL, within seconds on SQLite, or when such a process
   * launches). A workflow in any other state is left as it is.
   *
   * @return a handle on the workflow
   * @throws DBOSNonExistentWorkflowException if no workflow has this ID
   */
  public <R extends @Nullable Object> WorkflowHandle<R> resumeWorkflow(String workflowId) {
    return runtime.resume(WorkflowIds.check(workflowId));
  }

  /**
   * Lists the recorded workflows that match {@code input} (every workflow for {@code
   * ListWorkflowsInput.builder().build()}), as {@link DBOS#listWorkflows} does.
   */
  public List<WorkflowStatus> listWorkflows(ListWorkflowsInput input) {
    return runtime.listWorkflows(Objects.requireNonNull(input, "input"));
  }

  /**
   * Lists the workflows that were enqueued and match {@code input}: unless {@code input} names
   * states, those still waiting on their queue or running from it (ENQUEUED, DELAYED or PENDING).
   */
  public List<WorkflowStatus> listQueuedWorkflows(ListWorkflowsInput input) {
    return runtime.listQueued(Objects.requireNonNull(input, "input"));
  }

  /**
   * The recorded operations of a workflow in step order, as {@link DBOS#listWorkflowSteps} lists
   * them.
   *
   * @throws DBOSNonExistentWorkflowException if no workflow has this ID
   */
  public List<StepInfo> listWorkflowSteps(String workflowId) {
    return runtime.listWorkflowSteps(WorkflowIds.check(workflowId));
  }

  /**
   * Forks a workflow from step {@code startStep}, as {@link DBOS#forkWorkflow(String, int)} does,
   * in the original's application version. The fork is recorded PENDING, for a launched process of
   * the original's executor ID and that version to run: its recovery takes it over (at once on
   * PostgreSQL, within seconds on SQLite, or when such a process launches).
   *
   * @return a handle on the fork
   * @throws IllegalArgumentException if {@code startStep} is below 1
   * @throws DBOSNonExistentWorkflowException if no workflow has this ID
   */
  public <R extends @Nullable Object> WorkflowHandle<R> forkWorkflow(
      String workflowId, int startStep) {
    return forkWorkflow(workflowId, startStep, ForkOptions.builder().build());
  }

  /**
   * Forks a workflow as {@link #forkWorkflow(String, int)} does, with the fork's ID, application
   * version and timeout from {@code options}.
   *
   * @return a handle on the fork
   * @throws IllegalArgumentException if {@code startStep} is below 1
   * @throws DBOSNonExistentWorkflowException if no workflow has this ID
   * @throws DBOSException if the fork's ID is taken
   */
  public <R extends @Nullable Object> WorkflowHandle<R> forkWorkflow(
      String workflowId, int startStep, ForkOptions options) {
    return runtime.fork(
        WorkflowIds.check(workflowId), startStep, Objects.requireNonNull(options, "options"));
  }

  /**
   * Deletes a workflow with everything recorded for it, keeping its children, as {@link
   * DBOS#deleteWorkflow(String)} does. Deleting an unknown ID does nothing.
   */
  public void deleteWorkflow(String workflowId) {
    deleteWorkflow(workflowId, false);
  }

  /**
   * Deletes a workflow as {@link #deleteWorkflow(String)} does and, if {@code deleteChildren}, its
   * children and their children, recursively, all in one transaction.
   */
  public void deleteWorkflow(String workflowId, boolean deleteChildren) {
    runtime.delete(WorkflowIds.check(workflowId), deleteChildren);
  }

  /**
   * Closes the connections to the system database. Threads still waiting on a handle or event of
   * this client fail.
   */
  @Override
  public void close() {
    runtime.close();
  }

  /** Builds a {@link DBOSClient}. */
  public static final class Builder {
    private @Nullable String systemDatabaseUrl;
    private @Nullable String user;
    private @Nullable String password;
    private int poolSize = DEFAULT_POOL_SIZE;
    private Clock clock = Clock.systemUTC();
    private Duration fallbackPollInterval = DBOSConfig.DEFAULT_FALLBACK_POLL_INTERVAL;
    private final List<Class<?>> serializableTypes = new ArrayList<>();
    private final List<String> serializablePackages = new ArrayList<>();

    private Builder() {}

    /** The JDBC URL of the system database (required), as in {@link DBOSConfig}. */
    public Builder systemDatabaseUrl(String url) {
      this.systemDatabaseUrl = Objects.requireNonNull(url, "systemDatabaseUrl");
      return this;
    }

    /** The database user (PostgreSQL); none by default. */
    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /** The database user's password (PostgreSQL); never shown in messages. */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** Maximum number of connections to the system database, 1 to 1000; default 4. */
    public Builder poolSize(int poolSize) {
      this.poolSize = poolSize;
      return this;
    }

    /**
     * The clock of the timestamps the client records and of its waits (as {@link
     * DBOSConfig#clock()}); the system UTC clock by default.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How often the client looks for the results, events and messages its callers wait for, where
     * the database does not notify them (SQLite) or a notification was lost (as {@link
     * DBOSConfig#fallbackPollInterval()}); 100 ms to 1 hour, default 5 s.
     */
    public Builder fallbackPollInterval(Duration interval) {
      this.fallbackPollInterval = Objects.requireNonNull(interval, "fallbackPollInterval");
      return this;
    }

    /** As {@link DBOSConfig.Builder#serializableTypes}. */
    public Builder serializableTypes(Class<?>... types) {
      for (Class<?> type : types) {
        serializableTypes.add(Objects.requireNonNull(type, "type"));
      }
      return this;
    }

    /** As {@link DBOSConfig.Builder#serializablePackages}. */
    public Builder serializablePackages(String... packages) {
      for (String p : packages) {
        serializablePackages.add(SettingRules.packageName(p));
      }
      return this;
    }

    /**
     * Connects to the system database, once.
     *
     * @throws IllegalArgumentException naming the property if the URL is missing or blank, or the
     *     pool size or poll interval is out of range
     * @throws DBOSException naming the URL (never the password) if the database cannot be reached,
     *     refuses the credentials, has no dbos4j schema, or has a schema version this code does not
     *     know
     */
    public DBOSClient build() {
      if (systemDatabaseUrl == null || systemDatabaseUrl.isBlank()) {
        throw new IllegalArgumentException(
            "systemDatabaseUrl is required: jdbc:postgresql://host[:port]/database or"
                + " jdbc:sqlite:<file>");
      }
      SettingRules.poolSize("poolSize", poolSize);
      SettingRules.pollInterval("fallbackPollInterval", fallbackPollInterval);
      return new DBOSClient(
          ClientRuntime.open(
              systemDatabaseUrl,
              user,
              password,
              poolSize,
              fallbackPollInterval,
              clock,
              serializableTypes,
              serializablePackages));
    }

    /** Never shows the password. */
    @Override
    public String toString() {
      return "DBOSClient.Builder[systemDatabaseUrl="
          + (systemDatabaseUrl == null ? null : DatabaseUrls.redact(systemDatabaseUrl))
          + ", user="
          + user
          + "]";
    }
  }
}
