package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Counts the transactions PostgreSQL commits in the system database while workflows run: a step is
 * one commit, a workflow without steps two, and a first execution never reads before it writes; a
 * waiting recv looks once before it parks; a handle on a workflow started here reads no row.
 * Counted from {@code pg_stat_database.xact_commit}, read through the maintenance database so that
 * the counting itself is not counted.
 *
 * <p>The pool's check of a connection that sat idle (HikariCP's alive-bypass window) is switched
 * off here: it commits an empty statement or not depending on how long the connection sat, that is,
 * on the machine's speed.
 */
class CommitBudgetTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final String ALIVE_BYPASS_WINDOW = "com.zaxxer.hikari.aliveBypassWindowMs";
  private static @Nullable String aliveBypassWindowBefore;

  private final TaskCountingExecutor executor = new TaskCountingExecutor();

  public interface Counter {
    int count(int steps);

    String empty();

    @Nullable Object receive(long timeoutMillis);

    String publishLater(long delayMillis);
  }

  public interface Increments {
    int increment(int i);
  }

  static final class IncrementsImpl implements Increments {
    @Step
    @Override
    public int increment(int i) {
      return i + 1;
    }
  }

  static final class CounterImpl implements Counter {
    private final Increments increments;

    CounterImpl(Increments increments) {
      this.increments = increments;
    }

    @Workflow
    @Override
    public int count(int steps) {
      int n = 0;
      for (int i = 0; i < steps; i++) {
        n = increments.increment(n);
      }
      return n;
    }

    @Workflow
    @Override
    public String empty() {
      return "done";
    }

    @Workflow
    @Override
    public String publishLater(long delayMillis) {
      DBOS.sleep(Duration.ofMillis(delayMillis));
      DBOS.setEvent("budget", "published");
      return "done";
    }

    @Workflow
    @Override
    public @Nullable Object receive(long timeoutMillis) {
      return DBOS.recv("budget", Duration.ofMillis(timeoutMillis));
    }
  }

  @BeforeAll
  static void noCheckOfIdleConnections() {
    aliveBypassWindowBefore = System.getProperty(ALIVE_BYPASS_WINDOW);
    System.setProperty(ALIVE_BYPASS_WINDOW, String.valueOf(TimeUnit.DAYS.toMillis(1)));
  }

  @AfterAll
  static void restoreTheCheckOfIdleConnections() {
    if (aliveBypassWindowBefore == null) {
      System.clearProperty(ALIVE_BYPASS_WINDOW);
    } else {
      System.setProperty(ALIVE_BYPASS_WINDOW, aliveBypassWindowBefore);
    }
  }

  @AfterEach
  void stopTheExecutor() {
    executor.shutdownNow();
  }

  @Test
  void eachStepIsOneCommitAndAWorkflowAddsTwo() throws Exception {
    long added =
        commitsAddedBy(
            counter -> {
              assertThat(counter.count(25)).isEqualTo(25);
              assertThat(counter.empty()).isEqualTo("done");
            });
    // 25 steps, and the start and end of 2 workflows. Nobody awaits these workflows from another
    // process, so their ends send no NOTIFY (which the LISTEN backend would read in a transaction
    // of its own).
    assertThat(added).isEqualTo((2 + 25) + 2);
  }

  @Test
  void aRecvThatTimesOutLooksOnceBeforeItWaits() throws Exception {
    long withRecv =
        commitsAddedBy(
            counter -> {
              assertThat(counter.receive(200)).isNull();
            });
    // The start, the first look (which records the deadline), the receipt of nothing at the
    // timeout, and the end. The waiter registers before the first look, so no second look is
    // needed before it parks.
    assertThat(withRecv).isEqualTo(4);
  }

  @Test
  void aSendToAParkedRecvReceivesTheMessageInTheSameCommit() throws Exception {
    long withMessage =
        commitsAddedBy(
            counter -> {
              WorkflowHandle<Object> handle =
                  DBOS.startWorkflow(
                      () -> counter.receive(30_000),
                      StartWorkflowOptions.builder().workflowId("receiver").build());
              Messaging.awaitParked(1); // a sender hands a message only to a parked recv
              DBOS.send("receiver", "hello", "budget");
              assertThat(handle.getResult()).isEqualTo("hello");
            });
    // The start, the first look, the send that the waiter receives in the same transaction, and
    // the end: the woken recv commits nothing of its own.
    assertThat(withMessage).isEqualTo(4);
  }

  @Test
  void aGetEventWokenBySetEventHereTakesTheValueWithoutReadingIt() throws Exception {
    long withEvent =
        commitsAddedBy(
            counter -> {
              WorkflowHandle<String> handle =
                  DBOS.startWorkflow(
                      () -> counter.publishLater(200),
                      StartWorkflowOptions.builder().workflowId("publisher").build());
              assertThat(DBOS.<String>getEvent("publisher", "budget", Duration.ofSeconds(30)))
                  .isEqualTo("published");
              assertThat(handle.getResult()).isEqualTo("done");
            });
    // The start, the sleep's wake-up time, the getEvent's first look, the setEvent and the end:
    // the woken getEvent takes the value offered with its wake-up instead of reading it. Plus
    // one: the setEvent's NOTIFY, which the LISTEN backend reads in a transaction of its own.
    // The NOTIFY and the in-process offer race to wake the getEvent (about 1 run in 10 the
    // NOTIFY wins, as it may arrive before the setEvent's commit returns here); woken by it,
    // the getEvent reads the value once.
    assertThat(withEvent).isBetween(5L + 1, 5L + 1 + 1);
  }

  @Test
  void theResultOfAWorkflowStartedHereIsReadWithoutTheDatabase() throws Exception {
    long withResults =
        commitsAddedBy(
            counter -> {
              WorkflowHandle<String> handle = DBOS.startWorkflow(() -> counter.empty());
              assertThat(handle.getResult()).isEqualTo("done");
              Conditions.awaitTrue(
                  "the execution has ended and left this process's running set",
                  () -> executor.tasksUnderWay() == 0);
              assertThat(handle.getResult()).isEqualTo("done");
              assertThat(handle.getResultAsync().get()).isEqualTo("done");
            });
    // Only the start and the end of the started workflow.
    assertThat(withResults).isEqualTo(2);
  }

  /**
   * Commits that {@code work} adds to a run of one empty workflow. Both runs start with that
   * workflow, so that what the pool does for its first use counts the same in both; a first run
   * before them creates the database, schema and statement caches.
   */
  private long commitsAddedBy(Work work) throws Exception {
    commitsDuring(counter -> counter.empty());
    long baseline = commitsDuring(counter -> counter.empty());
    return commitsDuring(
            counter -> {
              counter.empty();
              work.run(counter);
            })
        - baseline;
  }

  /**
   * Commits made by a launch, {@code work} and a shutdown. Shutting down closes the pool, and a
   * backend reports its statistics when it exits, so the count is complete once it settles.
   */
  private long commitsDuring(Work work) throws Exception {
    long before = settledCommits();
    // One pooled connection: connection set-up (which runs queries) then costs the same in every
    // run.
    // No fallback poll during the run: it would read, and reads are counted too.
    DBOS.configure(
        db.config()
            .systemDatabasePoolSize(1)
            .fallbackPollInterval(Duration.ofHours(1))
            .executor(executor)
            .build());
    Counter counter =
        DBOS.register(
            Counter.class, new CounterImpl(DBOS.register(Increments.class, new IncrementsImpl())));
    DBOS.launch();
    work.run(counter);
    DBOS.shutdown();
    return settledCommits() - before;
  }

  interface Work {
    void run(Counter counter) throws Exception;
  }

  /**
   * The commits once every connection to the database has ended: a backend reports its statistics
   * as it exits, before it leaves {@code pg_stat_activity} (PostgreSQL 15 and later keep them in
   * shared memory), so the count is then complete.
   */
  private long settledCommits() throws Exception {
    Conditions.awaitTrue(
        "every connection to " + db.databaseName() + " has ended",
        () ->
            maintenanceQuery(
                    "SELECT pg_stat_clear_snapshot(), count(*) FROM pg_stat_activity"
                        + " WHERE datname = ?")
                == 0);
    return commits();
  }

  private long commits() throws Exception {
    return maintenanceQuery(
        "SELECT pg_stat_clear_snapshot(), xact_commit FROM pg_stat_database WHERE datname = ?");
  }

  /**
   * The second column of {@code sql}'s row for this test's database, 0 if none (the database does
   * not exist yet), read through the maintenance database.
   */
  private long maintenanceQuery(String sql) throws Exception {
    String maintenance = TestPostgres.serverUrl() + "/postgres";
    try (Connection c =
            DriverManager.getConnection(maintenance, TestPostgres.user(), TestPostgres.password());
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, db.databaseName());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(2) : 0;
      }
    }
  }

  /**
   * The workflows' executor, counting the tasks under way: a workflow's task returns only once its
   * execution has left this process's running set.
   */
  private static final class TaskCountingExecutor extends ThreadPoolExecutor {
    private final AtomicInteger underWay = new AtomicInteger();

    TaskCountingExecutor() {
      super(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>());
    }

    int tasksUnderWay() {
      return underWay.get();
    }

    @Override
    public void execute(Runnable task) {
      underWay.incrementAndGet();
      try {
        super.execute(task);
      } catch (RuntimeException e) {
        underWay.decrementAndGet();
        throw e;
      }
    }

    @Override
    protected void afterExecute(Runnable task, @Nullable Throwable failure) {
      underWay.decrementAndGet();
    }
  }
}
