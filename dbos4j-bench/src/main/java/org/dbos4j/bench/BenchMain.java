package org.dbos4j.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures dbos4j and DBOS Transact for Java against a plain JDBC commit, all on the same
 * PostgreSQL in one run, and prints one {@code RESULT} line per figure on standard output. Progress
 * and library logs go to standard error, so {@code grep '^RESULT'} on stdout gives the figures.
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    // Both libraries log each launch and shutdown at INFO; keep that out of the way of the figures
    // unless the caller asked for a level.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(BenchOptions.USAGE);
      throw e;
    }
    if (options.help()) {
      System.out.println(BenchOptions.USAGE);
      return;
    }
    progress("options: " + options);
    progress(
        "java "
            + Runtime.version()
            + " on "
            + Runtime.getRuntime().availableProcessors()
            + " cores");

    Results results = new Results(System.out);
    List<String> failed = new ArrayList<>();
    // Everything is started before the first round: the systems take turns within each round
    // rather than one running after another, which on a VM would compare different minutes.
    try (LaunchedSystems launched = LaunchedSystems.launch(options)) {
      failed.addAll(launched.failed());
      InterleavedRounds rounds =
          new InterleavedRounds(RoundPlan.phases(options, launched), options.rounds());
      rounds.warmUp();
      rounds.run();
      rounds.report(results);
      failed.addAll(rounds.failed());
      failed.addAll(runWaitingWorkflows(options, launched, rounds.failed(), results));
      progress("shutting down");
    }
    new Ratios(results).report();
    if (!failed.isEmpty()) {
      throw new IllegalStateException("benchmark failed for " + String.join(", ", failed));
    }
  }

  /**
   * W7, after the rounds: too heavy to take turns, so each library runs it alone, dbos4j first,
   * while the other sits idle. Returns the libraries it failed for.
   */
  private static List<String> runWaitingWorkflows(
      BenchOptions options, LaunchedSystems launched, List<String> alreadyFailed, Results results) {
    List<DurableSystem> libraries =
        launched.libraries().stream()
            .filter(library -> options.runs(library.name(), WaitingWorkflowsBenchmark.WORKLOAD))
            .filter(library -> !alreadyFailed.contains(library.name()))
            .toList();
    if (libraries.isEmpty()) {
      return List.of();
    }
    String unsupported = WaitingWorkflowsBenchmark.unsupportedReason();
    if (unsupported != null) {
      progress(unsupported);
      return List.of();
    }
    WaitingWorkflowsBenchmark benchmark = new WaitingWorkflowsBenchmark(options, results);
    List<String> failed = new ArrayList<>();
    for (DurableSystem library : libraries) {
      // Leave the previous library's garbage out of this one's start.
      System.gc();
      try {
        benchmark.run(library, options.waiters());
      } catch (Exception | LinkageError e) {
        progress(library.name() + " W7: failed: " + e);
        e.printStackTrace(System.err);
        failed.add(library.name());
      }
    }
    return failed;
  }

  static void progress(String message) {
    System.err.println("[bench] " + message);
    System.err.flush();
  }
}
