package org.dbos4j.bench;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Derived figures. W1 and W2 are set against the median JDBC commit, because one durable checkpoint
 * cannot cost less than one commit: W1 against W0, and W2 against the floor blocks run between the
 * W2 workflows ({@code jdbc W2}), each the floor measured in the same seconds as the figure
 * divided. The speedups divide DBOS Java's figure by dbos4j's, so a value above 1 means dbos4j is
 * faster. {@code dbos4j-sqlite} gets neither: it commits to a local file, not to the server the
 * floor measures, and it runs in a {@link Stage} of its own, minutes away from the floor's blocks,
 * so its figures are reported as they are.
 *
 * <p>W8 is the exception: its floor is the JDBC loop on the system's own application database, run
 * in the same rounds ({@code jdbc} beside {@code dbos4j}, {@code jdbc-sqlite} beside {@code
 * dbos4j-sqlite}), so both dbos4j systems get a W8 {@code ratio_to_floor}: µs per transaction over
 * the loop's. The target is 1.2 at most, as the transaction's checkpoint shares its commit.
 */
final class Ratios {
  /**
   * A figure both libraries report. {@code floorWorkload} names the {@code jdbc} figure it is
   * divided by, or is null if it has none; {@code speedupMetric} names its speedup line, which
   * divides DBOS Java's figure by dbos4j's for a time or a cost, and dbos4j's by DBOS Java's for a
   * rate ({@code higherIsBetter}), so that above 1 always means dbos4j does better.
   */
  private record Headline(
      String workload,
      String metric,
      String floorWorkload,
      String speedupMetric,
      boolean higherIsBetter) {
    Headline(String workload, String metric, String floorWorkload, String speedupMetric) {
      this(workload, metric, floorWorkload, speedupMetric, false);
    }
  }

  private static final String SPEEDUP = "speedup_vs_dbos_java";

  private static final List<Headline> HEADLINES =
      List.of(
          new Headline("W1", "median_us", "W0", SPEEDUP),
          new Headline("W2", "us_per_step", "W2", SPEEDUP),
          new Headline("W3", "workflows_per_s", null, SPEEDUP, true),
          new Headline("W3b", "workflows_per_s", null, SPEEDUP, true),
          new Headline("W3c", "idle_queries_per_s", null, SPEEDUP),
          new Headline("W4", "median_us", null, SPEEDUP),
          new Headline("W5", "median_us", null, SPEEDUP),
          new Headline("W7", "start_all_s", null, SPEEDUP + "_start_all"),
          new Headline("W7", "wake_all_s", null, SPEEDUP + "_wake_all"),
          new Headline("W10", "newest_ms", null, SPEEDUP + "_newest"),
          new Headline("W10", "newest_error_ms", null, SPEEDUP + "_newest_error"));

  /** W8's pairs: each dbos4j system and the JDBC loop on its application database. */
  private static final List<List<String>> TRANSACTION_FLOORS =
      List.of(
          List.of(BenchOptions.DBOS4J, BenchOptions.JDBC),
          List.of(BenchOptions.DBOS4J_SQLITE, BenchOptions.JDBC_SQLITE));

  private static final String TRANSACTION_METRIC = "us_per_txn";

  private final Results results;

  Ratios(Results results) {
    this.results = results;
  }

  void report() {
    for (Headline headline : HEADLINES) {
      String workload = headline.workload();
      String metric = headline.metric();
      OptionalDouble dbos4j = results.get(BenchOptions.DBOS4J, workload, metric);
      OptionalDouble dbosJava = results.get(BenchOptions.DBOS_JAVA, workload, metric);
      if (headline.floorWorkload() != null) {
        OptionalDouble floor =
            results.get(BenchOptions.JDBC, headline.floorWorkload(), "median_us");
        if (floor.isPresent()) {
          ratio(BenchOptions.DBOS4J, workload, "ratio_to_floor", dbos4j, floor);
          ratio(BenchOptions.DBOS_JAVA, workload, "ratio_to_floor", dbosJava, floor);
        }
      }
      if (sameScale(workload)) {
        if (headline.higherIsBetter()) {
          ratio(BenchOptions.DBOS4J, workload, headline.speedupMetric(), dbos4j, dbosJava);
        } else {
          ratio(BenchOptions.DBOS4J, workload, headline.speedupMetric(), dbosJava, dbos4j);
        }
      }
    }
    String w8 = BenchOptions.TRANSACTION_WORKLOAD;
    for (List<String> pair : TRANSACTION_FLOORS) {
      ratio(
          pair.get(0),
          w8,
          "ratio_to_floor",
          results.get(pair.get(0), w8, TRANSACTION_METRIC),
          results.get(pair.get(1), w8, TRANSACTION_METRIC));
    }
  }

  /**
   * W7 figures compare only if both libraries had as many workflows waiting. (W3 and W3b are rates:
   * a run cut off at its time limit still has one.)
   */
  private boolean sameScale(String workload) {
    OptionalDouble dbos4j = results.get(BenchOptions.DBOS4J, workload, "waiters");
    OptionalDouble dbosJava = results.get(BenchOptions.DBOS_JAVA, workload, "waiters");
    return dbos4j.equals(dbosJava);
  }

  private void ratio(
      String system,
      String workload,
      String metric,
      OptionalDouble numerator,
      OptionalDouble denominator) {
    if (numerator.isPresent() && denominator.isPresent() && denominator.getAsDouble() > 0) {
      results.record(system, workload, metric, numerator.getAsDouble() / denominator.getAsDouble());
    }
  }
}
