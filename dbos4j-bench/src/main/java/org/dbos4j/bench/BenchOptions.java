package org.dbos4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What to run and against which server, parsed from {@code --name value} arguments. */
record BenchOptions(
    String serverUrl,
    String user,
    String password,
    int warmup,
    int iterations,
    int steps,
    int stepWarmup,
    int transactions,
    int rounds,
    int waiters,
    int drivers,
    int queued,
    int listed,
    int listings,
    Set<String> systems,
    Set<String> workloads,
    boolean tracing,
    boolean help) {

  static final String JDBC = "jdbc";
  static final String DBOS4J = "dbos4j";
  static final String DBOS_JAVA = "dbos-java";

  /** dbos4j on an SQLite system database, measured in a stage of its own (see {@link Stage}). */
  static final String DBOS4J_SQLITE = "dbos4j-sqlite";

  /**
   * Not a system to choose: the label of {@code jdbc}'s W8 loop in the SQLite stage, on {@code
   * dbos4j-sqlite}'s application database, so that it is not taken for the one on PostgreSQL.
   */
  static final String JDBC_SQLITE = "jdbc-sqlite";

  /** Transactions on the application database: dbos4j against plain JDBC; DBOS Java has none. */
  static final String TRANSACTION_WORKLOAD = "W8";

  /** W10 lists the newest 100 ERROR rows, one in twenty of those it writes. */
  static final int MIN_LISTED = 20 * ListingBenchmark.PAGE;

  static final List<String> ALL_SYSTEMS = List.of(JDBC, DBOS4J, DBOS_JAVA, DBOS4J_SQLITE);
  static final List<String> ALL_WORKLOADS =
      List.of("W0", "W1", "W2", "W3", "W3b", "W3c", "W4", "W5", "W7", TRANSACTION_WORKLOAD, "W10");

  /** The workloads that need the libraries launched. */
  static final List<String> LIBRARY_WORKLOADS =
      List.of("W1", "W2", "W3", "W3b", "W3c", "W4", "W5", "W7", TRANSACTION_WORKLOAD, "W10");

  static final String USAGE =
      String.join(
          "\n",
          "Usage: BenchMain [options]",
          "  --url URL            server JDBC URL without database"
              + " (default jdbc:postgresql://127.0.0.1:5432)",
          "  --user NAME          database user (default postgres)",
          "  --password SECRET    database password (default dbos)",
          "  --warmup N           unmeasured calls per W0/W1/W4/W5 figure, before the rounds"
              + " (default 500)",
          "  --iterations N       measured calls per W0/W1/W4/W5 figure, split over the rounds"
              + " (default 2000)",
          "  --steps N            steps in the W2 workflow (default 2000)",
          "  --step-warmup N      unmeasured W2 and W8 workflows (and W8 JDBC loops) per"
              + " system, before the rounds (default 1)",
          "  --transactions N     transactions in the W8 workflow and in each W8 JDBC loop"
              + " (default 2000)",
          "  --rounds N           rounds in which the systems take turns; W2 runs one workflow"
              + " per system per round (default 12)",
          "  --waiters N          workflows waiting at once in W7 (default 10000)",
          "  --drivers N          client threads that start and wake the W7 waiters and"
              + " enqueue the W3 and W3b workflows (default 8)",
          "  --queued N           one-step workflows enqueued in W3 and in W3b (default 5000)",
          "  --listed N           workflow rows written into each system database for W10"
              + " (default 1000000, at least 2000)",
          "  --listings N         measured listings per W10 figure (default 51)",
          "  --systems LIST       comma list of jdbc,dbos4j,dbos-java,dbos4j-sqlite (default"
              + " all); dbos4j-sqlite runs alone after the others, on "
              + BenchDatabases.DBOS4J_SQLITE_FILE,
          "  --workloads LIST     comma list of W0,W1,W2,W3,W3b,W3c,W4,W5,W7,W8,W10 (default"
              + " all);"
              + " W8 sets"
              + " dbos4j and dbos4j-sqlite, each on an application database of its own kind,"
              + " against jdbc on the same database (DBOS Java has no @Transaction)",
          "  --tracing on|off     dbos4j and dbos4j-sqlite trace every workflow, step and"
              + " transaction with the OpenTelemetry SDK into an in-memory exporter (default"
              + " off: no SDK, the no-op path)",
          "  --help               print this text");

  static BenchOptions parse(String... args) {
    String url = "jdbc:postgresql://127.0.0.1:5432";
    String user = "postgres";
    String password = "dbos";
    int warmup = 500;
    int iterations = 2000;
    int steps = 2000;
    int stepWarmup = 1;
    int transactions = 2000;
    // 12 is a multiple of both 2 and 3, so with two systems or three, each leads equally often.
    int rounds = 12;
    int waiters = 10_000;
    int drivers = 8;
    int queued = 5000;
    int listed = 1_000_000;
    int listings = 51;
    Set<String> systems = new LinkedHashSet<>(ALL_SYSTEMS);
    Set<String> workloads = new LinkedHashSet<>(ALL_WORKLOADS);
    boolean tracing = false;
    boolean help = false;

    List<String> queue = new ArrayList<>();
    for (String arg : args) {
      // Accept both "--name value" and "--name=value" so shells and exec.args read naturally.
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        queue.add(arg.substring(0, eq));
        queue.add(arg.substring(eq + 1));
      } else if (!arg.isBlank()) {
        queue.add(arg);
      }
    }
    for (int i = 0; i < queue.size(); i++) {
      String name = queue.get(i);
      if (name.equals("--help") || name.equals("-h")) {
        help = true;
        continue;
      }
      if (i + 1 >= queue.size()) {
        throw new IllegalArgumentException("missing value for " + name);
      }
      String value = queue.get(++i);
      switch (name) {
        case "--url" -> url = stripTrailingSlash(value);
        case "--user" -> user = value;
        case "--password" -> password = value;
        case "--warmup" -> warmup = nonNegative(name, value);
        case "--iterations" -> iterations = positive(name, value);
        case "--steps" -> steps = positive(name, value);
        case "--step-warmup" -> stepWarmup = nonNegative(name, value);
        case "--transactions" -> transactions = positive(name, value);
        case "--rounds" -> rounds = positive(name, value);
        case "--waiters" -> waiters = positive(name, value);
        case "--drivers" -> drivers = positive(name, value);
        case "--queued" -> queued = positive(name, value);
        case "--listed" -> listed = atLeast(name, value, MIN_LISTED);
        case "--listings" -> listings = positive(name, value);
        case "--step-repeats" ->
            throw new IllegalArgumentException(
                "--step-repeats is gone: W2 now runs one workflow per system per round; use"
                    + " --rounds");
        case "--systems" -> systems = choices(name, value, ALL_SYSTEMS, false);
        case "--workloads" -> workloads = choices(name, value, ALL_WORKLOADS, true);
        case "--tracing" -> tracing = onOrOff(name, value);
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    // Every round needs at least one call of each W0/W1 figure to put beside the others.
    if (rounds > iterations) {
      throw new IllegalArgumentException("--rounds must not exceed --iterations");
    }
    return new BenchOptions(
        url,
        user,
        password,
        warmup,
        iterations,
        steps,
        stepWarmup,
        transactions,
        rounds,
        waiters,
        drivers,
        queued,
        listed,
        listings,
        Set.copyOf(systems),
        Set.copyOf(workloads),
        tracing,
        help);
  }

  boolean runs(String system, String workload) {
    return systems.contains(system) && workloads.contains(workload);
  }

  /** Whether any workload asked for needs {@code library} launched; W8 never needs DBOS Java. */
  boolean launches(String library) {
    return LIBRARY_WORKLOADS.stream()
        .filter(w -> !(library.equals(DBOS_JAVA) && w.equals(TRANSACTION_WORKLOAD)))
        .anyMatch(w -> runs(library, w));
  }

  String databaseUrl(String database) {
    return serverUrl + "/" + database;
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static boolean onOrOff(String name, String value) {
    return switch (value) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException(name + " takes on or off, got " + value);
    };
  }

  private static int atLeast(String name, String value, int least) {
    int n = nonNegative(name, value);
    if (n < least) {
      throw new IllegalArgumentException(name + " must be at least " + least);
    }
    return n;
  }

  private static int positive(String name, String value) {
    int n = nonNegative(name, value);
    if (n == 0) {
      throw new IllegalArgumentException(name + " must be at least 1");
    }
    return n;
  }

  private static int nonNegative(String name, String value) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a whole number, got " + value, e);
    }
    if (n < 0) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
    return n;
  }

  /** The items of a comma list, each spelled as in {@code allowed}. */
  private static Set<String> choices(
      String name, String value, List<String> allowed, boolean ignoreCase) {
    Set<String> chosen = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      String item = part.trim();
      if (item.isEmpty()) {
        continue;
      }
      String spelled =
          allowed.stream()
              .filter(a -> ignoreCase ? a.equalsIgnoreCase(item) : a.equals(item))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          name + " accepts " + String.join(",", allowed) + ", got " + part));
      chosen.add(spelled);
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException(name + " needs at least one of " + allowed);
    }
    return chosen;
  }

  @Override
  public String toString() {
    return "url="
        + serverUrl
        + " user="
        + user
        + " warmup="
        + warmup
        + " iterations="
        + iterations
        + " steps="
        + steps
        + " stepWarmup="
        + stepWarmup
        + " transactions="
        + transactions
        + " rounds="
        + rounds
        + " waiters="
        + waiters
        + " drivers="
        + drivers
        + " queued="
        + queued
        + " listed="
        + listed
        + " listings="
        + listings
        + " systems="
        + Arrays.toString(ALL_SYSTEMS.stream().filter(systems::contains).toArray())
        + " workloads="
        + Arrays.toString(ALL_WORKLOADS.stream().filter(workloads::contains).toArray());
  }
}
