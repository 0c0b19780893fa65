package org.dbos4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs the phases of a {@link RoundPlan} round after round. Within a phase each measurement runs
 * one block per round, and the order of the blocks rotates from round to round, so that none is
 * always first (right after the other phase) or always last. PostgreSQL commit latency drifts over
 * tens of seconds on a VM; taking turns every few seconds exposes all systems to the same drift.
 */
final class InterleavedRounds {
  private final List<List<Measurement>> phases;
  private final int rounds;
  private final Set<String> failed = new LinkedHashSet<>();

  InterleavedRounds(List<List<Measurement>> phases, int rounds) {
    this.phases = phases;
    this.rounds = rounds;
  }

  /** Warms every measurement before the first round, so no round pays for class loading or JIT. */
  void warmUp() {
    for (List<Measurement> phase : phases) {
      for (Measurement measurement : phase) {
        if (failed.contains(measurement.system())) {
          continue;
        }
        BenchMain.progress("warmup " + label(measurement));
        try {
          measurement.warmUp();
        } catch (Exception | LinkageError e) {
          fail(measurement, e);
        }
      }
    }
  }

  void run() {
    for (int round = 0; round < rounds; round++) {
      for (List<Measurement> phase : phases) {
        List<String> done = new ArrayList<>();
        for (Measurement measurement : rotated(phase, round)) {
          if (failed.contains(measurement.system())) {
            continue;
          }
          // Collect the garbage left by the block before, so it is not billed to this one.
          System.gc();
          try {
            double micros = measurement.runBlock(round);
            done.add(label(measurement) + String.format(Locale.ROOT, " %.1f us", micros));
          } catch (Exception | LinkageError e) {
            fail(measurement, e);
          }
        }
        BenchMain.progress("round " + (round + 1) + "/" + rounds + ": " + String.join(", ", done));
      }
    }
  }

  /**
   * Records the pooled figures, in plan order. A system that failed reports nothing: its blocks
   * stopped early and would not cover the same time as the others'.
   */
  void report(Results results) {
    for (List<Measurement> phase : phases) {
      for (Measurement measurement : phase) {
        if (!failed.contains(measurement.system())) {
          measurement.report(results);
        }
      }
    }
  }

  List<String> failed() {
    return List.copyOf(failed);
  }

  /** The phase with its first {@code round mod size} entries moved to the end. */
  static <T> List<T> rotated(List<T> phase, int round) {
    int shift = round % phase.size();
    List<T> order = new ArrayList<>(phase.subList(shift, phase.size()));
    order.addAll(phase.subList(0, shift));
    return order;
  }

  // One failing system should not cost the figures of the others, so it is dropped, not fatal.
  private void fail(Measurement measurement, Throwable e) {
    BenchMain.progress(label(measurement) + ": failed: " + e);
    e.printStackTrace(System.err);
    failed.add(measurement.system());
  }

  private static String label(Measurement measurement) {
    return measurement.system() + " " + measurement.workload();
  }
}
