package org.dbos4j.bench;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.dbos4j.DBOS;
import org.dbos4j.DBOSConfig;
import org.dbos4j.ListWorkflowsInput;
import org.dbos4j.Queue;
import org.dbos4j.StartWorkflowOptions;
import org.dbos4j.Step;
import org.dbos4j.Transaction;
import org.dbos4j.Workflow;
import org.dbos4j.WorkflowHandle;
import org.dbos4j.WorkflowState;
import org.dbos4j.WorkflowStatus;
import org.jspecify.annotations.Nullable;

/**
 * The benchmark workflows on dbos4j, written to match {@link DbosJavaWorkloads} call for call. The
 * same workflows serve two systems that differ only in their system database: {@link #onPostgres}
 * ({@code dbos4j}, on the benchmark's PostgreSQL server) and {@link #onSqlite} ({@code
 * dbos4j-sqlite}, in an SQLite file). Both drive the one process-wide {@code DBOS}, so only one of
 * them can be launched at a time; {@link Stage} runs them one after the other. When W8 is asked of
 * it, each also has an application database of the same kind (see {@link AppDatabase}).
 */
final class Dbos4jWorkloads implements TransactionalSystem {

  /** The workflows, called through the proxy {@link DBOS#register} returns. */
  public interface BenchWorkflows {
    int empty();

    long sumOfSteps(int steps);

    int receive(int count);

    int publishEvents(int count);

    int awaitWake(long timeoutMillis);

    int insertRows(long firstId, int count) throws SQLException;

    int oneStep(int index);
  }

  /**
   * Steps live behind their own proxy: a workflow calling a method on {@code this} would bypass the
   * proxy and checkpoint nothing.
   */
  public interface BenchSteps {
    int echo(int index);
  }

  public static final class BenchStepsImpl implements BenchSteps {
    @Step
    @Override
    public int echo(int index) {
      return index;
    }
  }

  /** W8's transactions, behind their own proxy for the same reason as the steps. */
  public interface BenchTransactions {
    int insertRow(long id) throws SQLException;
  }

  public static final class BenchTransactionsImpl implements BenchTransactions {
    private static final String INSERT = AppDatabase.insertInto(AppDatabase.DBOS4J_TABLE);

    @Transaction
    @Override
    public int insertRow(long id) throws SQLException {
      try (PreparedStatement insert = DBOS.sqlSession().prepareStatement(INSERT)) {
        insert.setLong(1, id);
        insert.setString(2, AppDatabase.PAYLOAD);
        return insert.executeUpdate();
      }
    }
  }

  public static final class BenchWorkflowsImpl implements BenchWorkflows {
    private final BenchSteps steps;

    /** Null unless W8 is asked: a registered transaction needs an application database. */
    private final @Nullable BenchTransactions transactions;

    private final ArrivalStamps stamps;

    public BenchWorkflowsImpl(
        BenchSteps steps, @Nullable BenchTransactions transactions, ArrivalStamps stamps) {
      this.steps = steps;
      this.transactions = transactions;
      this.stamps = stamps;
    }

    @Workflow
    @Override
    public int empty() {
      return EMPTY_RESULT;
    }

    @Workflow
    @Override
    public long sumOfSteps(int count) {
      long sum = 0;
      for (int i = 0; i < count; i++) {
        sum += steps.echo(i);
      }
      return sum;
    }

    @Workflow
    @Override
    public int receive(int count) {
      for (int i = 0; i < count; i++) {
        Object message = DBOS.recv(PING_TOPIC, MESSAGE_WAIT);
        stamps.stamp(DurableSystem.messageValue(message, "recv of message " + i));
      }
      return count;
    }

    @Workflow
    @Override
    public int publishEvents(int count) {
      for (int i = 0; i < count; i++) {
        DurableSystem.messageValue(DBOS.recv(NEXT_TOPIC, MESSAGE_WAIT), "recv before event " + i);
        stamps.stamp(i);
        DBOS.setEvent(DurableSystem.eventKey(i), i);
      }
      return count;
    }

    @Workflow
    @Override
    public int awaitWake(long timeoutMillis) {
      Object message = DBOS.recv(WAKE_TOPIC, Duration.ofMillis(timeoutMillis));
      return DurableSystem.messageValue(message, "recv of the wake-up");
    }

    @Workflow
    @Override
    public int oneStep(int index) {
      return steps.echo(index);
    }

    @Workflow
    @Override
    public int insertRows(long firstId, int count) throws SQLException {
      int inserted = 0;
      for (int i = 0; i < count; i++) {
        inserted += Objects.requireNonNull(transactions, "W8 was not asked").insertRow(firstId + i);
      }
      return inserted;
    }
  }

  /** A dbos4j handle seen as a {@link StartedWorkflow}. */
  private record Started(WorkflowHandle<Integer> handle) implements StartedWorkflow {
    @Override
    public String workflowId() {
      return handle.workflowId();
    }

    @Override
    public int result() {
      return handle.getResult();
    }
  }

  /** Empties the system database of a run, once {@code DBOS} is configured and before launch. */
  private interface Emptying {
    void run() throws Exception;
  }

  private static final String APP_NAME = "bench";

  private final String name;
  private final Optional<String> serverDatabase;
  private final Optional<AppDatabase> applicationDatabase;
  private final DBOSConfig config;
  private final List<QueueBenchmark.BenchQueue> queues;
  private final Emptying emptying;
  private final ArrivalStamps stamps = new ArrivalStamps();
  private BenchWorkflows workflows;
  private boolean configured;

  private Dbos4jWorkloads(
      String name,
      Optional<String> serverDatabase,
      Optional<AppDatabase> applicationDatabase,
      DBOSConfig config,
      List<QueueBenchmark.BenchQueue> queues,
      Emptying emptying) {
    this.name = name;
    this.serverDatabase = serverDatabase;
    this.applicationDatabase = applicationDatabase;
    this.config = config;
    this.queues = List.copyOf(queues);
    this.emptying = emptying;
  }

  /**
   * {@code dbos4j}: the system database is {@link BenchDatabases#DBOS4J_SYSTEM} on the server,
   * dropped and created again, like the other systems' databases there; so is the application
   * database {@link BenchDatabases#DBOS4J_APP}, if W8 is asked.
   */
  static Dbos4jWorkloads onPostgres(BenchOptions options) {
    String database = BenchDatabases.DBOS4J_SYSTEM;
    Optional<AppDatabase> application =
        w8Asked(options, BenchOptions.DBOS4J)
            ? Optional.of(AppDatabase.onPostgres(options))
            : Optional.empty();
    DBOSConfig.Builder config =
        DBOSConfig.builder()
            .appName(APP_NAME)
            .systemDatabaseUrl(options.databaseUrl(database))
            .user(options.user())
            .password(options.password());
    application.ifPresent(a -> config.databaseUrl(a.url()));
    InMemoryTracing.configure(options, config);
    return new Dbos4jWorkloads(
        BenchOptions.DBOS4J,
        Optional.of(database),
        application,
        config.build(),
        QueueBenchmark.queues(options, BenchOptions.DBOS4J),
        () -> new BenchDatabases(options).recreate(database));
  }

  /**
   * {@code dbos4j-sqlite}: the system database is the file {@link
   * BenchDatabases#DBOS4J_SQLITE_FILE}, which dbos4j deletes ({@link DBOS#resetSystemDatabase()})
   * and creates again at launch; the application database, if W8 is asked, is the file {@link
   * BenchDatabases#DBOS4J_SQLITE_APP_FILE}, deleted too. No server, user or password.
   */
  static Dbos4jWorkloads onSqlite(BenchOptions options) {
    Optional<AppDatabase> application =
        w8Asked(options, BenchOptions.DBOS4J_SQLITE)
            ? Optional.of(AppDatabase.onSqlite())
            : Optional.empty();
    DBOSConfig.Builder config =
        DBOSConfig.builder()
            .appName(APP_NAME)
            .systemDatabaseUrl(
                "jdbc:sqlite:" + BenchDatabases.DBOS4J_SQLITE_FILE.toAbsolutePath().normalize());
    application.ifPresent(a -> config.databaseUrl(a.url()));
    InMemoryTracing.configure(options, config);
    return new Dbos4jWorkloads(
        BenchOptions.DBOS4J_SQLITE,
        Optional.empty(),
        application,
        config.build(),
        QueueBenchmark.queues(options, BenchOptions.DBOS4J_SQLITE),
        DBOS::resetSystemDatabase);
  }

  // Without W8 no application database is configured, so the other workloads run as before.
  private static boolean w8Asked(BenchOptions options, String system) {
    return options.runs(system, BenchOptions.TRANSACTION_WORKLOAD);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<String> serverDatabase() {
    return serverDatabase;
  }

  @Override
  public Optional<AppDatabase> applicationDatabase() {
    return applicationDatabase;
  }

  @Override
  public void launch() throws Exception {
    BenchMain.progress(name + ": system database " + config.systemDatabaseUrl());
    DBOS.configure(config);
    // From here on shutdown is owed, even if launch fails: it also forgets config and
    // registrations.
    configured = true;
    emptying.run();
    if (applicationDatabase.isPresent()) {
      BenchMain.progress(name + ": application database " + applicationDatabase.get());
      applicationDatabase.get().empty();
    }
    BenchSteps steps = DBOS.register(BenchSteps.class, new BenchStepsImpl());
    BenchTransactions transactions =
        applicationDatabase.isPresent()
            ? DBOS.register(BenchTransactions.class, new BenchTransactionsImpl())
            : null;
    workflows =
        DBOS.register(BenchWorkflows.class, new BenchWorkflowsImpl(steps, transactions, stamps));
    for (QueueBenchmark.BenchQueue q : queues) {
      Queue.Builder queue = Queue.builder(q.name());
      if (q.workerConcurrency() != null) {
        queue.workerConcurrency(q.workerConcurrency());
      }
      DBOS.registerQueue(queue.build());
    }
    DBOS.launch();
    if (applicationDatabase.isPresent()) {
      applicationDatabase.get().createTable(AppDatabase.DBOS4J_TABLE);
    }
  }

  @Override
  public int runEmptyWorkflow() {
    return workflows.empty();
  }

  @Override
  public long runStepsWorkflow(int steps) {
    return workflows.sumOfSteps(steps);
  }

  @Override
  public int runTransactionsWorkflow(long firstId, int count) throws SQLException {
    return workflows.insertRows(firstId, count);
  }

  @Override
  public StartedWorkflow startReceiver(String workflowId, int count) {
    return new Started(DBOS.startWorkflow(() -> workflows.receive(count), withId(workflowId)));
  }

  @Override
  public StartedWorkflow startEventPublisher(String workflowId, int count) {
    return new Started(
        DBOS.startWorkflow(() -> workflows.publishEvents(count), withId(workflowId)));
  }

  @Override
  public StartedWorkflow startWaiter(String workflowId, Duration timeout) {
    long millis = timeout.toMillis();
    return new Started(DBOS.startWorkflow(() -> workflows.awaitWake(millis), withId(workflowId)));
  }

  private static StartWorkflowOptions withId(String workflowId) {
    return StartWorkflowOptions.builder().workflowId(workflowId).build();
  }

  @Override
  public void enqueueOneStep(String queue, String workflowId, int index) {
    DBOS.startWorkflow(
        () -> workflows.oneStep(index),
        StartWorkflowOptions.builder().queue(queue).workflowId(workflowId).build());
  }

  @Override
  public List<String> newestWorkflowIds(int limit, boolean errorsOnly) {
    ListWorkflowsInput.Builder input =
        ListWorkflowsInput.builder()
            .sortDescending(true)
            .limit(limit)
            .loadInput(false)
            .loadOutput(false);
    if (errorsOnly) {
      input.states(List.of(WorkflowState.ERROR));
    }
    return DBOS.listWorkflows(input.build()).stream().map(WorkflowStatus::workflowId).toList();
  }

  @Override
  public void send(String destinationId, int message, String topic) {
    DBOS.send(destinationId, message, topic);
  }

  @Override
  public OptionalInt getEvent(String workflowId, String key, Duration timeout) {
    Object value = DBOS.getEvent(workflowId, key, timeout);
    return value == null ? OptionalInt.empty() : OptionalInt.of(((Number) value).intValue());
  }

  @Override
  public ArrivalStamps stamps() {
    return stamps;
  }

  @Override
  public void close() {
    if (configured) {
      DBOS.shutdown();
      configured = false;
    }
  }
}
