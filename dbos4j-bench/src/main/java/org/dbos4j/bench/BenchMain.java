package org.dbos4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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
    if (options.runs(BenchOptions.JDBC, "W0")) {
      progress("jdbc W0 floor");
      new JdbcFloor(options, results).run();
    }
    WorkflowBenchmarks benchmarks = new WorkflowBenchmarks(options, results);
    // One library failing should not cost the figures of the other, so both are tried before the
    // run is declared failed.
    List<String> failed = new ArrayList<>();
    runSystem(options, benchmarks, BenchOptions.DBOS4J, Dbos4jWorkloads::new, failed);
    runSystem(options, benchmarks, BenchOptions.DBOS_JAVA, DbosJavaWorkloads::new, failed);
    new Ratios(results).report();
    if (!failed.isEmpty()) {
      throw new IllegalStateException("benchmark failed for " + String.join(", ", failed));
    }
  }

  private static void runSystem(
      BenchOptions options,
      WorkflowBenchmarks benchmarks,
      String name,
      Function<BenchOptions, DurableSystem> factory,
      List<String> failed) {
    if (!options.runs(name, "W1") && !options.runs(name, "W2")) {
      return;
    }
    // Leave the previous system's garbage collected so it is not billed to this one.
    System.gc();
    try (DurableSystem system = factory.apply(options)) {
      progress(name + ": launching");
      system.launch();
      progress(name + ": measuring");
      benchmarks.run(system);
      progress(name + ": shutting down");
    } catch (Exception | LinkageError e) {
      // LinkageError too: a library missing from the class path should read as that library's
      // failure, not end the run.
      progress(name + ": failed: " + e);
      e.printStackTrace(System.err);
      failed.add(name);
    }
  }

  static void progress(String message) {
    System.err.println("[bench] " + message);
    System.err.flush();
  }
}
