package org.dbos4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which measurements take turns with which. Each phase puts the floor next to the libraries'
 * figures it is divided into: the W0 floor beside W1, and a floor of its own (reported as {@code
 * jdbc W2}) beside W2, so every {@code ratio_to_floor} divides figures taken in the same seconds.
 * W4 and W5 are set against each other only, in a phase each. W8 puts each dbos4j system beside the
 * JDBC loop on its own application database.
 */
final class RoundPlan {
  private RoundPlan() {}

  static List<List<Measurement>> phases(BenchOptions options, LaunchedSystems launched) {
    List<List<Measurement>> phases = new ArrayList<>();
    addIfAny(phases, emptyWorkflowPhase(options, launched));
    addIfAny(phases, stepPhase(options, launched));
    addIfAny(phases, messagePhase(options, launched));
    addIfAny(phases, eventPhase(options, launched));
    addIfAny(phases, transactionPhase(options, launched));
    return phases;
  }

  private static List<Measurement> emptyWorkflowPhase(
      BenchOptions options, LaunchedSystems launched) {
    List<Measurement> phase = new ArrayList<>();
    floorIfAsked(options, launched.floor(), "W0").ifPresent(phase::add);
    for (DurableSystem library : launched.libraries()) {
      if (options.runs(library.name(), "W1")) {
        phase.add(
            new LatencyMeasurement(
                library.name(),
                "W1",
                () -> checkEmpty(library.runEmptyWorkflow()),
                options.warmup(),
                options.iterations(),
                options.rounds()));
      }
    }
    return phase;
  }

  private static List<Measurement> stepPhase(BenchOptions options, LaunchedSystems launched) {
    List<Measurement> phase = new ArrayList<>();
    floorIfAsked(options, launched.floor(), "W2").ifPresent(phase::add);
    for (DurableSystem library : launched.libraries()) {
      if (options.runs(library.name(), "W2")) {
        phase.add(
            new StepCostMeasurement(
                library, options.steps(), options.stepWarmup(), options.rounds()));
      }
    }
    return phase;
  }

  private static List<Measurement> messagePhase(BenchOptions options, LaunchedSystems launched) {
    List<Measurement> phase = new ArrayList<>();
    for (DurableSystem library : launched.libraries()) {
      if (options.runs(library.name(), "W4")) {
        phase.add(
            new MessageRoundTripMeasurement(
                library, options.warmup(), options.iterations(), options.rounds()));
      }
    }
    return phase;
  }

  private static List<Measurement> eventPhase(BenchOptions options, LaunchedSystems launched) {
    List<Measurement> phase = new ArrayList<>();
    for (DurableSystem library : launched.libraries()) {
      if (options.runs(library.name(), "W5")) {
        phase.add(
            new EventLatencyMeasurement(
                library, options.warmup(), options.iterations(), options.rounds()));
      }
    }
    return phase;
  }

  private static List<Measurement> transactionPhase(
      BenchOptions options, LaunchedSystems launched) {
    List<Measurement> phase = new ArrayList<>();
    for (DurableSystem library : launched.libraries()) {
      if (!(library instanceof TransactionalSystem transactional)
          || transactional.applicationDatabase().isEmpty()) {
        continue;
      }
      launched
          .transactionFloor(library)
          .ifPresent(
              floor ->
                  phase.add(
                      new TransactionCostMeasurement(
                          floor.name(),
                          floor::insertRows,
                          options.transactions(),
                          options.stepWarmup(),
                          options.rounds())));
      phase.add(
          new TransactionCostMeasurement(
              library.name(),
              transactional::runTransactionsWorkflow,
              options.transactions(),
              options.stepWarmup(),
              options.rounds()));
    }
    return phase;
  }

  private static Optional<Measurement> floorIfAsked(
      BenchOptions options, Optional<JdbcFloor> floor, String workload) {
    if (!options.runs(BenchOptions.JDBC, workload)) {
      return Optional.empty();
    }
    return floor.map(
        f ->
            new LatencyMeasurement(
                BenchOptions.JDBC,
                workload,
                f::insertRow,
                options.warmup(),
                options.iterations(),
                options.rounds()));
  }

  private static void addIfAny(List<List<Measurement>> phases, List<Measurement> phase) {
    if (!phase.isEmpty()) {
      phases.add(List.copyOf(phase));
    }
  }

  // A result check keeps a broken or short-circuited workflow from posting a flattering time.
  private static void checkEmpty(int value) {
    if (value != DurableSystem.EMPTY_RESULT) {
      throw new IllegalStateException("empty workflow returned " + value);
    }
  }
}
