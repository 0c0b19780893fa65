package org.dbos4j.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The systems of one {@link Stage}: in the PostgreSQL stage the floor connection and both
 * libraries, all started before the first round and closed after the last, so that their blocks can
 * alternate. dbos4j is process wide (static {@code DBOS}) and DBOS Java 1.1 is an instance, so both
 * run in one JVM, each on its own system database. The SQLite stage holds {@code dbos4j-sqlite}
 * alone, launched only once the PostgreSQL stage has been closed. Beside each dbos4j system that
 * runs W8, {@code jdbc} gets a connection to that system's application database for W8's floor.
 */
final class LaunchedSystems implements AutoCloseable {
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<String> failed = new ArrayList<>();
  private JdbcFloor floor;
  private final List<DurableSystem> libraries = new ArrayList<>();
  private final Map<String, JdbcTransactions> transactionFloors = new HashMap<>();

  /** How each library is made, by its {@code system=} name. */
  private static final Map<String, Function<BenchOptions, DurableSystem>> LIBRARIES =
      Map.of(
          BenchOptions.DBOS4J, Dbos4jWorkloads::onPostgres,
          BenchOptions.DBOS_JAVA, DbosJavaWorkloads::new,
          BenchOptions.DBOS4J_SQLITE, Dbos4jWorkloads::onSqlite);

  private LaunchedSystems() {}

  /**
   * Starts whatever the options ask for among the systems of {@code stage}, in the stage's order. A
   * system that fails to start is listed in {@link #failed()} and left out, so that it does not
   * cost the figures of the others.
   */
  static LaunchedSystems launch(BenchOptions options, Stage stage) {
    LaunchedSystems launched = new LaunchedSystems();
    for (String system : stage.systems()) {
      if (!system.equals(BenchOptions.JDBC)) {
        launched.launchLibrary(options, system, LIBRARIES.get(system));
      } else if (options.runs(BenchOptions.JDBC, "W0") || options.runs(BenchOptions.JDBC, "W2")) {
        launched.openFloor(options);
      }
    }
    // After the libraries: the application databases exist once their dbos4j has launched.
    if (options.runs(BenchOptions.JDBC, BenchOptions.TRANSACTION_WORKLOAD)) {
      for (DurableSystem library : launched.libraries) {
        if (library instanceof TransactionalSystem transactional) {
          transactional
              .applicationDatabase()
              .ifPresent(database -> launched.openTransactionFloor(library.name(), database));
        }
      }
    }
    return launched;
  }

  private void openTransactionFloor(String library, AppDatabase database) {
    BenchMain.progress(database.baselineName() + ": connecting to " + database);
    try {
      JdbcTransactions transactions = JdbcTransactions.open(database);
      toClose.add(transactions);
      transactionFloors.put(library, transactions);
    } catch (Exception e) {
      fail(database.baselineName(), e);
    }
  }

  private void openFloor(BenchOptions options) {
    BenchMain.progress(BenchOptions.JDBC + ": connecting");
    try {
      floor = JdbcFloor.open(options);
      toClose.add(floor);
    } catch (Exception e) {
      fail(BenchOptions.JDBC, e);
    }
  }

  private void launchLibrary(
      BenchOptions options, String name, Function<BenchOptions, DurableSystem> factory) {
    if (!options.launches(name)) {
      return;
    }
    BenchMain.progress(name + ": launching");
    DurableSystem library = null;
    try {
      library = factory.apply(options);
      // Owed a close even if launch fails half way: dbos4j forgets its configuration there.
      toClose.add(library);
      library.launch();
      libraries.add(library);
    } catch (Exception | LinkageError e) {
      // LinkageError too: a library missing from the class path should read as that library's
      // failure, not end the run.
      fail(name, e);
      if (library != null) {
        closeQuietly(library);
        toClose.remove(library);
      }
    }
  }

  private void fail(String name, Throwable e) {
    BenchMain.progress(name + ": failed to start: " + e);
    e.printStackTrace(System.err);
    failed.add(name);
  }

  Optional<JdbcFloor> floor() {
    return Optional.ofNullable(floor);
  }

  /** The JDBC loop on the application database of {@code library}, W8's floor beside it. */
  Optional<JdbcTransactions> transactionFloor(DurableSystem library) {
    return Optional.ofNullable(transactionFloors.get(library.name()));
  }

  List<DurableSystem> libraries() {
    return List.copyOf(libraries);
  }

  List<String> failed() {
    return List.copyOf(failed);
  }

  @Override
  public void close() {
    // Reverse order of start, and every one tried: a failed shutdown must not leak the others.
    for (int i = toClose.size() - 1; i >= 0; i--) {
      closeQuietly(toClose.get(i));
    }
    toClose.clear();
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception | LinkageError e) {
      BenchMain.progress("close failed: " + e);
    }
  }
}
