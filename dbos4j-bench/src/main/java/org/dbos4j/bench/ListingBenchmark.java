package org.dbos4j.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * W10: listing. Each library's {@code workflow_status} gets {@code --listed} rows (one million by
 * default) written straight into it on the server, one in twenty ERROR and the rest SUCCESS, newer
 * than every workflow the earlier workloads ran; then each library, alone, lists the newest 100
 * with its own {@code listWorkflows}: sorted descending, limit 100, without inputs and outputs
 * (loadInput and loadOutput false: the filler rows carry no payload either library could read, and
 * what is timed is finding the page, not decoding it). Two figures, each the median of {@code
 * --listings} calls after {@link #WARMUP} unmeasured ones: the newest 100 of all ({@code
 * newest_ms}), and the newest 100 ERROR ones ({@code newest_error_ms}), the listing by state and
 * time an operator runs to find what failed.
 */
final class ListingBenchmark {
  static final String WORKLOAD = "W10";
  static final int PAGE = 100;

  /*
   * Unmeasured listings before each figure: with 20, the figures measured the JIT compiling the
   * listing path (0.9 ms for a page both libraries then list in 0.3 to 0.6 ms).
   */
  private static final int WARMUP = 500;

  /* Rows per INSERT, so that no single transaction holds the whole million. */
  private static final int FILL_BATCH = 100_000;

  /*
   * The filler rows, with the columns both libraries' tables have. Their IDs end in their number,
   * and their creation times count up from the run's start, so the newest is the last inserted.
   */
  private static final String FILL =
      """
      INSERT INTO dbos.workflow_status (workflow_uuid, status, name, class_name, config_name,
        executor_id, application_version, created_at, updated_at, recovery_attempts)
      SELECT 'w10-' || i, CASE WHEN i % 20 = 0 THEN 'ERROR' ELSE 'SUCCESS' END, 'Bench.listed',
        'org.dbos4j.bench.Listed', '', 'w10', 'w10', ? + i, ? + i, 1
      FROM generate_series(?, ?) AS i""";

  private final BenchOptions options;
  private final Results results;

  ListingBenchmark(BenchOptions options, Results results) {
    this.options = options;
    this.results = results;
  }

  /**
   * Why W10 cannot run for {@code library}, or null if it can: it fills the system database on the
   * benchmark's PostgreSQL server.
   */
  static @Nullable String unsupportedReason(DurableSystem library) {
    if (library.serverDatabase().isPresent()) {
      return null;
    }
    return "W10 skipped for "
        + library.name()
        + ": it fills the system database on the PostgreSQL server, and this one is an SQLite"
        + " file";
  }

  void run(DurableSystem library) throws Exception {
    String database = library.serverDatabase().orElseThrow();
    fill(library.name(), database, options.listed());
    String newest = "w10-" + options.listed();
    String newestError = "w10-" + (options.listed() / 20 * 20);
    results.record(library.name(), WORKLOAD, "newest_ms", medianMillis(library, false, newest));
    results.record(
        library.name(), WORKLOAD, "newest_error_ms", medianMillis(library, true, newestError));
    results.record(library.name(), WORKLOAD, "rows", options.listed());
  }

  private void fill(String system, String database, int rows) throws Exception {
    BenchMain.progress(system + " " + WORKLOAD + ": writing " + rows + " workflow rows");
    long start = System.currentTimeMillis();
    long begin = System.nanoTime();
    try (Connection c =
            DriverManager.getConnection(
                options.databaseUrl(database), options.user(), options.password());
        PreparedStatement insert = c.prepareStatement(FILL);
        Statement analyze = c.createStatement()) {
      for (int first = 1; first <= rows; first += FILL_BATCH) {
        insert.setLong(1, start);
        insert.setLong(2, start);
        insert.setInt(3, first);
        insert.setInt(4, Math.min(rows, first + FILL_BATCH - 1));
        insert.executeUpdate();
      }
      // What autovacuum would do in time: the planner must know the table's size and states.
      analyze.execute("ANALYZE dbos.workflow_status");
    }
    BenchMain.progress(
        system
            + " "
            + WORKLOAD
            + ": written in "
            + (System.nanoTime() - begin) / 1_000_000
            + " ms");
  }

  /** The median of {@code --listings} listings, in milliseconds; checks each page's first row. */
  private double medianMillis(DurableSystem library, boolean errorsOnly, String expectedFirst) {
    for (int i = 0; i < WARMUP; i++) {
      check(library.newestWorkflowIds(PAGE, errorsOnly), expectedFirst);
    }
    long[] nanos = new long[options.listings()];
    for (int i = 0; i < nanos.length; i++) {
      long begin = System.nanoTime();
      List<String> ids = library.newestWorkflowIds(PAGE, errorsOnly);
      nanos[i] = System.nanoTime() - begin;
      check(ids, expectedFirst);
    }
    return Stats.ofNanos(nanos).medianMicros() / 1_000.0;
  }

  private static void check(List<String> ids, String expectedFirst) {
    if (ids.size() != PAGE || !ids.get(0).equals(expectedFirst)) {
      throw new IllegalStateException(
          "expected "
              + PAGE
              + " workflows starting with "
              + expectedFirst
              + ", got "
              + ids.size()
              + (ids.isEmpty() ? "" : " starting with " + ids.get(0)));
    }
  }
}
