package org.dbos4j.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * W3, W3b and W3c: queues. Each library runs them alone, after the rounds (and W7), dbos4j first:
 *
 * <ul>
 *   <li>W3c, first, while every queue is empty: the queries per second the library's system
 *       database serves while nothing is enqueued, with {@link #IDLE_QUEUES} queues registered,
 *       read as committed transactions from {@code pg_stat_database} ({@link TransactionCounter};
 *       each query of an idle library is a transaction of its own).
 *   <li>W3: {@code --queued} one-step workflows enqueued on one queue without limits from {@code
 *       --drivers} client threads, from the first enqueue until the system database shows none of
 *       them unfinished (a count on a connection of the benchmark's own, every {@link #POLL}):
 *       workflows per second, counting those SUCCESS.
 *   <li>W3b: the same on a queue with worker concurrency {@link #W3B_WORKER_CONCURRENCY}.
 * </ul>
 *
 * <p>Before W3 and W3b, {@code --warmup} workflows go through W3's queue unmeasured, so that
 * neither library is timed while its code is still being compiled. A run still unfinished after
 * {@link #TIME_LIMIT} is cut off and reports what finished by then (DBOS Java 1.1.0-m6 runs W3b at
 * a few workflows per second).
 */
final class QueueBenchmark {
  static final String THROUGHPUT = "W3";
  static final String LIMITED_THROUGHPUT = "W3b";
  static final String IDLE = "W3c";
  static final List<String> WORKLOADS = List.of(THROUGHPUT, LIMITED_THROUGHPUT, IDLE);

  static final String W3_QUEUE = "w3";
  static final String W3B_QUEUE = "w3b";
  static final int W3B_WORKER_CONCURRENCY = 8;

  /** The queues registered for W3c, counting W3's and W3b's when those run too. */
  static final int IDLE_QUEUES = 50;

  private static final Duration POLL = Duration.ofMillis(10);
  private static final Duration TIME_LIMIT = Duration.ofSeconds(120);
  private static final Duration SETTLE = Duration.ofSeconds(11);
  /*
   * Longer than W7's: an idle library commits a transaction or two a second, and backends publish
   * their counts in bursts up to 10 s apart, so a 10 s window could be off by half the figure.
   */
  private static final Duration IDLE_WINDOW = Duration.ofSeconds(30);

  /** A queue a library registers at launch: without limits, or with a worker concurrency. */
  record BenchQueue(String name, @Nullable Integer workerConcurrency) {}

  private final BenchOptions options;
  private final Results results;
  private final ParallelDriver driver;

  QueueBenchmark(BenchOptions options, Results results) {
    this.options = options;
    this.results = results;
    this.driver = new ParallelDriver(options.drivers());
  }

  /** The queues {@code system} registers at launch for the queue workloads asked of it. */
  static List<BenchQueue> queues(BenchOptions options, String system) {
    List<BenchQueue> queues = new ArrayList<>();
    // W3's queue also takes the warmup of W3b.
    if (options.runs(system, THROUGHPUT) || options.runs(system, LIMITED_THROUGHPUT)) {
      queues.add(new BenchQueue(W3_QUEUE, null));
    }
    if (options.runs(system, LIMITED_THROUGHPUT)) {
      queues.add(new BenchQueue(W3B_QUEUE, W3B_WORKER_CONCURRENCY));
    }
    if (options.runs(system, IDLE)) {
      for (int i = queues.size(); i < IDLE_QUEUES; i++) {
        queues.add(new BenchQueue("idle-" + i, null));
      }
    }
    return queues;
  }

  /**
   * Why the queue workloads cannot run for {@code library}, or null if they can: they read the
   * system database on the benchmark's PostgreSQL server.
   */
  static @Nullable String unsupportedReason(DurableSystem library) {
    if (library.serverDatabase().isPresent()) {
      return null;
    }
    return "W3, W3b and W3c skipped for "
        + library.name()
        + ": they count finished workflows and idle commits on the PostgreSQL server, and this"
        + " system database is an SQLite file";
  }

  void run(DurableSystem library) throws Exception {
    String database = library.serverDatabase().orElseThrow();
    if (options.runs(library.name(), IDLE)) {
      results.record(
          library.name(), IDLE, "idle_queries_per_s", idleQueriesPerSecond(library, database));
    }
    boolean throughput = options.runs(library.name(), THROUGHPUT);
    boolean limited = options.runs(library.name(), LIMITED_THROUGHPUT);
    if ((throughput || limited) && options.warmup() > 0) {
      drain(library, database, "warmup", W3_QUEUE, options.warmup());
    }
    if (throughput) {
      record(library, THROUGHPUT, drain(library, database, THROUGHPUT, W3_QUEUE, options.queued()));
    }
    if (limited) {
      record(
          library,
          LIMITED_THROUGHPUT,
          drain(library, database, LIMITED_THROUGHPUT, W3B_QUEUE, options.queued()));
    }
  }

  /** How many workflows a drain saw finish, in how many seconds. */
  private record Drained(long workflows, double seconds) {}

  private void record(DurableSystem library, String workload, Drained d) {
    results.record(library.name(), workload, "workflows", d.workflows());
    results.record(library.name(), workload, "workflows_per_s", d.workflows() / d.seconds());
  }

  /**
   * Enqueues {@code count} one-step workflows on {@code queue} and waits until they have all
   * finished (or {@link #TIME_LIMIT} has passed).
   *
   * @param label the workflow IDs' prefix and the progress lines' name
   */
  private Drained drain(
      DurableSystem library, String database, String label, String queue, int count)
      throws Exception {
    String system = library.name();
    BenchMain.progress(system + " " + label + ": enqueueing " + count + " on " + queue);
    try (Connection c =
            DriverManager.getConnection(
                options.databaseUrl(database), options.user(), options.password());
        PreparedStatement finished =
            c.prepareStatement(
                "SELECT count(*) FILTER (WHERE status = 'SUCCESS'),"
                    + " count(*) FILTER (WHERE status = 'ERROR')"
                    + " FROM dbos.workflow_status WHERE queue_name = ?");
        // Only the unfinished rows, ever fewer: the poll costs the database little while the
        // library works.
        PreparedStatement unfinished =
            c.prepareStatement(
                "SELECT count(*) FROM dbos.workflow_status"
                    + " WHERE queue_name = ? AND status IN ('ENQUEUED', 'PENDING')")) {
      finished.setString(1, queue);
      unfinished.setString(1, queue);
      long before = succeeded(finished);
      long begin = System.nanoTime();
      driver.forEach(
          count, i -> library.enqueueOneStep(queue, label.toLowerCase(Locale.ROOT) + "-" + i, i));
      BenchMain.progress(
          system + " " + label + ": enqueued in " + secondsSince(begin) + " s, awaiting them");
      long polledAt;
      while (true) {
        polledAt = System.nanoTime();
        if (count(unfinished) == 0 || polledAt - begin > TIME_LIMIT.toNanos()) {
          break;
        }
        Thread.sleep(POLL.toMillis());
      }
      long done = succeeded(finished) - before;
      if (done < count) {
        BenchMain.progress(
            system
                + " "
                + label
                + ": cut off after "
                + TIME_LIMIT.toSeconds()
                + " s with "
                + done
                + " of "
                + count
                + " finished");
      }
      return new Drained(done, (polledAt - begin) / 1e9);
    }
  }

  private static long count(PreparedStatement query) throws SQLException {
    try (ResultSet rs = query.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long succeeded(PreparedStatement finished) throws SQLException {
    try (ResultSet rs = finished.executeQuery()) {
      rs.next();
      if (rs.getLong(2) > 0) {
        throw new IllegalStateException(rs.getLong(2) + " enqueued workflows failed");
      }
      return rs.getLong(1);
    }
  }

  /**
   * Transactions per second the library's system database commits while its queues are empty, over
   * a window that starts after the statistics of whatever ran before have settled.
   */
  private double idleQueriesPerSecond(DurableSystem library, String database) throws Exception {
    try (TransactionCounter counter = TransactionCounter.open(options, database)) {
      BenchMain.progress(
          library.name()
              + " "
              + IDLE
              + ": queues empty; settling for "
              + SETTLE.toSeconds()
              + " s");
      return counter.idleRates(SETTLE, IDLE_WINDOW).window();
    }
  }

  private static String secondsSince(long begin) {
    return String.format(Locale.ROOT, "%.2f", (System.nanoTime() - begin) / 1e9);
  }
}
