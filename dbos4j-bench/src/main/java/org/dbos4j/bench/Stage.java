package org.dbos4j.bench;

import java.util.List;

/**
 * Systems launched together and measured in the same rounds, one stage after another in one JVM.
 *
 * <p>Within a stage the systems take turns block by block (see {@link InterleavedRounds}), so their
 * figures are taken in the same seconds and can be divided by one another. Stages exist because
 * dbos4j is process wide: its {@code DBOS} facade is static, so one JVM holds one launched dbos4j
 * at a time, and {@code dbos4j} (on PostgreSQL) and {@code dbos4j-sqlite} cannot run side by side.
 * {@code dbos4j-sqlite} therefore has a stage of its own, after the PostgreSQL stage has run its
 * rounds and W7 and shut its systems down: it is then launched on its SQLite file, runs the same
 * warmup and rounds alone, and is shut down in turn. A stage holds at most one dbos4j system.
 *
 * <p>The PostgreSQL stage runs first so that its figures are taken exactly as in a run without
 * SQLite. Figures of different stages are taken minutes apart, and SQLite commits to a local file
 * rather than to a server, so {@code dbos4j-sqlite} is reported in absolute figures only: no ratio
 * to the PostgreSQL floor and no speedup (see {@link Ratios}). W8 is the exception: its floor,
 * {@code jdbc} on the same SQLite application database (labelled {@code jdbc-sqlite}), takes turns
 * with {@code dbos4j-sqlite} in this stage.
 */
record Stage(String name, List<String> systems, String note) {

  static final Stage POSTGRESQL =
      new Stage(
          "PostgreSQL",
          List.of(BenchOptions.JDBC, BenchOptions.DBOS4J, BenchOptions.DBOS_JAVA),
          "side by side on the same server, taking turns");

  static final Stage SQLITE =
      new Stage(
          "SQLite",
          List.of(BenchOptions.DBOS4J_SQLITE),
          "alone, after the PostgreSQL stage (one dbos4j per JVM); absolute figures only, no"
              + " ratio to the PostgreSQL floor (W8: against jdbc on its own SQLite file)");

  /** In the order they run; every system of {@link BenchOptions#ALL_SYSTEMS} is in one of them. */
  static final List<Stage> ALL = List.of(POSTGRESQL, SQLITE);

  Stage {
    systems = List.copyOf(systems);
  }

  /** Whether the options ask for any system of this stage. */
  boolean chosenIn(BenchOptions options) {
    return systems.stream().anyMatch(options.systems()::contains);
  }
}
