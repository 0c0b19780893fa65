package org.dbos4j.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * W7: many workflows waiting in {@code recv} at once. It starts them all, watches the database
 * while they all wait, then wakes them all. Heavy, so it runs once per library after the rounds,
 * one library at a time. It watches from the PostgreSQL server's side, so it runs only for
 * libraries whose system database is there (see {@link #unsupportedReason(DurableSystem)}).
 */
final class WaitingWorkflowsBenchmark {
  static final String WORKLOAD = "W7";

  /** Lets backends publish the statistics of the start, which they do up to 10 s late. */
  private static final Duration SETTLE = Duration.ofSeconds(11);

  private static final Duration IDLE_WINDOW = Duration.ofSeconds(10);

  /** A start or wake that makes no progress for this long has failed. */
  private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

  private static final Duration POLL = Duration.ofMillis(50);

  /** Far beyond the run, so no waiter times out before it is woken. */
  private static final Duration WAITER_TIMEOUT = Duration.ofMinutes(30);

  private static final String ID_PREFIX = "w7-";

  private final BenchOptions options;
  private final Results results;
  private final ParallelDriver driver;

  WaitingWorkflowsBenchmark(BenchOptions options, Results results) {
    this.options = options;
    this.results = results;
    this.driver = new ParallelDriver(options.drivers());
  }

  /**
   * Why W7 cannot run on this JVM, or null if it can. Below Java 21 neither library has virtual
   * threads: dbos4j runs workflows on 128 platform threads and DBOS Java on 50 per core, so
   * thousands of workflows cannot all be waiting at once.
   */
  static String unsupportedReason() {
    int feature = Runtime.version().feature();
    if (feature >= 21) {
      return null;
    }
    return "W7 skipped: it needs Java 21+ (virtual threads) and this is Java "
        + feature
        + "; below 21 dbos4j runs workflows on 128 platform threads and DBOS Java on 50 per"
        + " core, so thousands of them cannot wait at once. Run with JAVA_HOME set to a JDK 21+.";
  }

  /**
   * Why W7 cannot run for {@code library}, or null if it can. It counts parked waiters with SQL
   * over a connection of its own to the system database ({@link ParkedWaiterCounter}) and idle
   * transactions from the server's {@code pg_stat_database} ({@link TransactionCounter}), so it
   * needs the system database on the benchmark's PostgreSQL server.
   */
  static String unsupportedReason(DurableSystem library) {
    if (library.serverDatabase().isPresent()) {
      return null;
    }
    return "W7 skipped for "
        + library.name()
        + ": W7 is PostgreSQL-specific. It reads idle commits from the server's pg_stat_database"
        + " and counts parked waiters by SQL over a PostgreSQL connection of its own to the system"
        + " database; this system database is an SQLite file, which has neither.";
  }

  void run(DurableSystem library, int waiters) throws Exception {
    String system = library.name();
    String database =
        library
            .serverDatabase()
            .orElseThrow(() -> new IllegalArgumentException(unsupportedReason(library)));
    results.record(system, WORKLOAD, "waiters", waiters);
    StartedWorkflow[] started = new StartedWorkflow[waiters];

    BenchMain.progress(system + " W7: starting " + waiters + " waiting workflows");
    double startSeconds;
    try (ParkedWaiterCounter counter = ParkedWaiterCounter.open(options, database, ID_PREFIX)) {
      long begin = System.nanoTime();
      driver.forEach(waiters, i -> started[i] = library.startWaiter(ID_PREFIX + i, WAITER_TIMEOUT));
      BenchMain.progress(system + " W7: started in " + secondsSince(begin) + " s, awaiting parks");
      long allParked = awaitAllParked(counter, waiters, system);
      startSeconds = (allParked - begin) / 1e9;
    }
    results.record(system, WORKLOAD, "start_all_s", startSeconds);

    results.record(
        system, WORKLOAD, "idle_xact_per_s", idleTransactionsPerSecond(system, database));

    BenchMain.progress(system + " W7: waking " + waiters + " workflows");
    long begin = System.nanoTime();
    driver.forEach(waiters, i -> library.send(ID_PREFIX + i, i, DurableSystem.WAKE_TOPIC));
    BenchMain.progress(system + " W7: sent in " + secondsSince(begin) + " s, awaiting results");
    for (int i = 0; i < waiters; i++) {
      int woken = started[i].result();
      if (woken != i) {
        throw new IllegalStateException(started[i].workflowId() + " received " + woken);
      }
    }
    results.record(system, WORKLOAD, "wake_all_s", (System.nanoTime() - begin) / 1e9);
  }

  /**
   * Polls the count of waiting workflows until it reaches {@code waiters}; returns the moment of
   * the poll that saw them all. That poll's snapshot was taken when it started, so all were waiting
   * by then.
   */
  private static long awaitAllParked(ParkedWaiterCounter counter, int waiters, String system)
      throws Exception {
    long lastCount = -1;
    long lastProgress = System.nanoTime();
    long lastReport = lastProgress;
    while (true) {
      long polledAt = System.nanoTime();
      long parked = counter.parked();
      if (parked >= waiters) {
        return polledAt;
      }
      if (parked != lastCount) {
        lastCount = parked;
        lastProgress = polledAt;
      } else if (polledAt - lastProgress > STALL_LIMIT.toNanos()) {
        throw new TimeoutException(
            "only " + parked + " of " + waiters + " waiters parked, none more for " + STALL_LIMIT);
      }
      if (polledAt - lastReport > Duration.ofSeconds(5).toNanos()) {
        BenchMain.progress(system + " W7: " + parked + " of " + waiters + " waiting");
        lastReport = polledAt;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /**
   * Transactions per second the library's system database commits while every waiter waits, over a
   * window that starts after the statistics of the start have settled.
   */
  private double idleTransactionsPerSecond(String system, String database) throws Exception {
    try (TransactionCounter counter = TransactionCounter.open(options, database)) {
      BenchMain.progress(system + " W7: all waiting; settling for " + SETTLE.toSeconds() + " s");
      TransactionCounter.IdleRates rates = counter.idleRates(SETTLE, IDLE_WINDOW);
      BenchMain.progress(
          system
              + " W7: "
              + oneDecimal(rates.settling())
              + " xact/s while settling, "
              + oneDecimal(rates.window())
              + " xact/s in the window");
      return rates.window();
    }
  }

  private static String oneDecimal(double rate) {
    return String.format(Locale.ROOT, "%.1f", rate);
  }

  private static String secondsSince(long begin) {
    return String.format(Locale.ROOT, "%.2f", (System.nanoTime() - begin) / 1e9);
  }
}
