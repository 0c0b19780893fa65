package org.dbos4j.bench;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Derived figures. Both workflow workloads are set against the median JDBC commit, because one
 * durable checkpoint cannot cost less than one commit: W1 against W0, and W2 against the floor
 * blocks run between the W2 workflows ({@code jdbc W2}), each the floor measured in the same
 * seconds as the figure divided. The speedups divide DBOS Java's figure by dbos4j's, so a value
 * above 1 means dbos4j is faster.
 */
final class Ratios {
  private record Headline(String workload, String metric, String floorWorkload) {}

  private static final List<Headline> HEADLINES =
      List.of(new Headline("W1", "median_us", "W0"), new Headline("W2", "us_per_step", "W2"));

  private final Results results;

  Ratios(Results results) {
    this.results = results;
  }

  void report() {
    for (Headline headline : HEADLINES) {
      String workload = headline.workload();
      String metric = headline.metric();
      OptionalDouble floor = results.get(BenchOptions.JDBC, headline.floorWorkload(), "median_us");
      OptionalDouble dbos4j = results.get(BenchOptions.DBOS4J, workload, metric);
      OptionalDouble dbosJava = results.get(BenchOptions.DBOS_JAVA, workload, metric);
      if (floor.isPresent()) {
        ratio(BenchOptions.DBOS4J, workload, "ratio_to_floor", dbos4j, floor);
        ratio(BenchOptions.DBOS_JAVA, workload, "ratio_to_floor", dbosJava, floor);
      }
      ratio(BenchOptions.DBOS4J, workload, "speedup_vs_dbos_java", dbosJava, dbos4j);
    }
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
