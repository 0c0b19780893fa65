package org.dbos4j.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The figures of one run. Each is printed as a {@code RESULT} line the moment it is known, so a run
 * that fails half way still leaves the figures it got, and kept for the ratios at the end.
 */
final class Results {
  private final PrintStream out;
  private final Map<String, Double> values = new LinkedHashMap<>();

  Results(PrintStream out) {
    this.out = out;
  }

  void record(String system, String workload, String metric, double value) {
    values.put(key(system, workload, metric), value);
    out.println(
        "RESULT system="
            + system
            + " workload="
            + workload
            + " metric="
            + metric
            + " value="
            + String.format(Locale.ROOT, "%.2f", value));
    out.flush();
  }

  OptionalDouble get(String system, String workload, String metric) {
    Double value = values.get(key(system, workload, metric));
    return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  private static String key(String system, String workload, String metric) {
    return system + '/' + workload + '/' + metric;
  }
}
