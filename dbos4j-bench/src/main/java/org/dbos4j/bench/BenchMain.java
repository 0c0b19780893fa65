package org.dbos4j.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures dbos4j and DBOS Transact for Java against a plain JDBC commit, all on the same
 * PostgreSQL in one run, then dbos4j on an embedded SQLite file, and prints one {@code RESULT} line
 * per figure on standard output. Progress and library logs go to standard error, so {@code grep
 * '^RESULT'} on stdout gives the figures.
 *
 * <p>The systems run in {@link Stage stages}, one after the other: the PostgreSQL systems side by
 * side, then {@code dbos4j-sqlite} alone, because the process-wide dbos4j cannot be launched on
 * both system databases at once. Each stage is launched, warmed up, run for its rounds (then W7,
 * the queue workloads W3c, W3, W3b, and the listing W10), and shut down before the next is
 * launched.
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
    for (Stage stage : Stage.ALL) {
      if (stage.chosenIn(options)) {
        failed.addAll(runStage(options, stage, results));
      }
    }
    new Ratios(results).report();
    if (!failed.isEmpty()) {
      throw new IllegalStateException("benchmark failed for " + String.join(", ", failed));
    }
  }

  /**
   * Launches the systems of one stage, runs their rounds and W7, and shuts them down. Returns the
   * systems it failed for.
   */
  private static List<String> runStage(BenchOptions options, Stage stage, Results results) {
    List<String> chosen = stage.systems().stream().filter(options.systems()::contains).toList();
    progress("stage " + stage.name() + ": " + String.join(", ", chosen) + "; " + stage.note());
    List<String> failed = new ArrayList<>();
    // Everything of the stage is started before the first round: the systems take turns within
    // each round rather than one running after another, which on a VM would compare different
    // minutes.
    try (LaunchedSystems launched = LaunchedSystems.launch(options, stage)) {
      failed.addAll(launched.failed());
      InterleavedRounds rounds =
          new InterleavedRounds(RoundPlan.phases(options, launched), options.rounds());
      rounds.warmUp();
      rounds.run();
      rounds.report(results);
      failed.addAll(rounds.failed());
      failed.addAll(runWaitingWorkflows(options, launched, rounds.failed(), results));
      failed.addAll(runQueues(options, launched, rounds.failed(), results));
      failed.addAll(runListings(options, launched, rounds.failed(), results));
      progress("stage " + stage.name() + ": shutting down");
    }
    return failed;
  }

  /**
   * W7, after the rounds of a stage: too heavy to take turns, so each library runs it alone, dbos4j
   * first, while the other sits idle. A library whose system database is not on the PostgreSQL
   * server ({@code dbos4j-sqlite}) is skipped with the reason. Returns the libraries it failed for.
   */
  private static List<String> runWaitingWorkflows(
      BenchOptions options, LaunchedSystems launched, List<String> alreadyFailed, Results results) {
    List<DurableSystem> libraries = new ArrayList<>();
    for (DurableSystem library : launched.libraries()) {
      if (!options.runs(library.name(), WaitingWorkflowsBenchmark.WORKLOAD)
          || alreadyFailed.contains(library.name())) {
        continue;
      }
      String notOnServer = WaitingWorkflowsBenchmark.unsupportedReason(library);
      if (notOnServer != null) {
        progress(notOnServer);
      } else {
        libraries.add(library);
      }
    }
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

  /**
   * W3c, W3 and W3b, after W7: each library alone, dbos4j first, while the other sits idle. A
   * library whose system database is not on the PostgreSQL server is skipped with the reason.
   * Returns the libraries they failed for.
   */
  private static List<String> runQueues(
      BenchOptions options, LaunchedSystems launched, List<String> alreadyFailed, Results results) {
    QueueBenchmark benchmark = new QueueBenchmark(options, results);
    List<String> failed = new ArrayList<>();
    for (DurableSystem library : launched.libraries()) {
      if (QueueBenchmark.WORKLOADS.stream().noneMatch(w -> options.runs(library.name(), w))
          || alreadyFailed.contains(library.name())) {
        continue;
      }
      String notOnServer = QueueBenchmark.unsupportedReason(library);
      if (notOnServer != null) {
        progress(notOnServer);
        continue;
      }
      try {
        benchmark.run(library);
      } catch (Exception | LinkageError e) {
        progress(library.name() + " queues: failed: " + e);
        e.printStackTrace(System.err);
        failed.add(library.name());
      }
    }
    return failed;
  }

  /**
   * W10, last: it leaves a million rows in each system database. Each library alone, dbos4j first.
   * A library whose system database is not on the PostgreSQL server is skipped with the reason.
   * Returns the libraries it failed for.
   */
  private static List<String> runListings(
      BenchOptions options, LaunchedSystems launched, List<String> alreadyFailed, Results results) {
    ListingBenchmark benchmark = new ListingBenchmark(options, results);
    List<String> failed = new ArrayList<>();
    for (DurableSystem library : launched.libraries()) {
      if (!options.runs(library.name(), ListingBenchmark.WORKLOAD)
          || alreadyFailed.contains(library.name())) {
        continue;
      }
      String notOnServer = ListingBenchmark.unsupportedReason(library);
      if (notOnServer != null) {
        progress(notOnServer);
        continue;
      }
      try {
        benchmark.run(library);
      } catch (Exception | LinkageError e) {
        progress(library.name() + " " + ListingBenchmark.WORKLOAD + ": failed: " + e);
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
