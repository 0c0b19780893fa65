package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/**
 * {@code @Transaction} and {@code DBOS.sqlSession()}: commit and rollback, the guarded connection,
 * isolation levels, exactly-once across re-runs and recovery, and conflicts that are run again.
 */
@BothBackends
class TransactionTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);
  private final ApplicationTables app = new ApplicationTables(db);

  /** A checked exception with a (String) constructor, so that it can be rebuilt when replayed. */
  public static final class OutOfStockException extends Exception {
    private static final long serialVersionUID = 1L;

    public OutOfStockException(String message) {
      super(message);
    }
  }

  public interface Ledger {
    int add(String orderId, int amount) throws SQLException;

    void addThenFail(String orderId) throws SQLException, OutOfStockException;

    String serializableLevel() throws SQLException;

    String repeatableReadLevel() throws SQLException;

    String readCommittedLevel() throws SQLException;

    List<String> misuseConnection() throws SQLException;

    String context();

    void recvInside();

    void sleepInside();

    void startInside();

    void transactionInside() throws SQLException;

    int countThenAdd(String orderId) throws SQLException, InterruptedException;
  }

  static final class LedgerImpl implements Ledger {
    final AtomicInteger adds = new AtomicInteger();
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    volatile CyclicBarrier bothHaveRead = new CyclicBarrier(2);
    volatile Ledger self;
    volatile Shop shop;

    @Transaction
    @Override
    public int add(String orderId, int amount) throws SQLException {
      adds.incrementAndGet();
      try (PreparedStatement ps =
          DBOS.sqlSession()
              .prepareStatement("INSERT INTO ledger (order_id, amount) VALUES (?, ?)")) {
        ps.setString(1, orderId);
        ps.setInt(2, amount);
        ps.executeUpdate();
      }
      return amount * 2;
    }

    @Transaction
    @Override
    public void addThenFail(String orderId) throws SQLException, OutOfStockException {
      add(orderId, 1); // a direct call: part of this transaction, not a transaction of its own
      throw new OutOfStockException("no stock for " + orderId);
    }

    @Transaction(isolation = Isolation.SERIALIZABLE)
    @Override
    public String serializableLevel() throws SQLException {
      return level();
    }

    @Transaction(isolation = Isolation.REPEATABLE_READ)
    @Override
    public String repeatableReadLevel() throws SQLException {
      return level();
    }

    @Transaction(isolation = Isolation.READ_COMMITTED)
    @Override
    public String readCommittedLevel() throws SQLException {
      return level();
    }

    /** The level the database reports for the open transaction. */
    private static String level() throws SQLException {
      Connection c = DBOS.sqlSession();
      if (!c.getMetaData().getURL().startsWith("jdbc:postgresql:")) {
        return c.getTransactionIsolation() == Connection.TRANSACTION_SERIALIZABLE
            ? "serializable"
            : "level " + c.getTransactionIsolation();
      }
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SHOW transaction_isolation")) {
        rs.next();
        return rs.getString(1);
      }
    }

    @Transaction
    @Override
    public List<String> misuseConnection() throws SQLException {
      Connection c = DBOS.sqlSession();
      List<String> refused = new ArrayList<>();
      for (ThrowingRunnable<SQLException> call :
          List.<ThrowingRunnable<SQLException>>of(
              c::commit, c::rollback, c::close, () -> c.setAutoCommit(true))) {
        try {
          call.run();
        } catch (DBOSException e) {
          refused.add(e.getMessage());
        }
      }
      // Everything else works, a rollback to a savepoint included.
      Savepoint before = c.setSavepoint();
      try (Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO ledger (order_id, amount) VALUES ('undone', 1)");
      }
      c.rollback(before);
      try (Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO ledger (order_id, amount) VALUES ('kept', 1)");
      }
      return refused;
    }

    @Transaction
    @Override
    public String context() {
      return DBOS.workflowId() + "/" + DBOS.config().appName() + "/" + DBOS.logger().getName();
    }

    @Transaction
    @Override
    public void recvInside() {
      DBOS.recv("topic", Duration.ZERO);
    }

    @Transaction
    @Override
    public void sleepInside() {
      DBOS.sleep(Duration.ZERO);
    }

    @Transaction
    @Override
    public void startInside() {
      DBOS.startWorkflow(() -> shop.order("never", 1));
    }

    @Transaction
    @Override
    public void transactionInside() throws SQLException {
      self.add("nested", 1);
    }

    /**
     * Reads the whole ledger, then adds a row: two of these at once conflict under SERIALIZABLE.
     * The first attempts of two concurrent calls wait for each other between the read and the
     * write.
     */
    @Transaction
    @Override
    public int countThenAdd(String orderId) throws SQLException, InterruptedException {
      int attempt = attempts.computeIfAbsent(orderId, k -> new AtomicInteger()).incrementAndGet();
      int count;
      try (Statement st = DBOS.sqlSession().createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM ledger")) {
        rs.next();
        count = rs.getInt(1);
      }
      if (attempt == 1) {
        try {
          bothHaveRead.await(Gate.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.BrokenBarrierException
            | java.util.concurrent.TimeoutException e) {
          throw new IllegalStateException("the other transaction never read", e);
        }
      }
      try (PreparedStatement ps =
          DBOS.sqlSession()
              .prepareStatement("INSERT INTO ledger (order_id, amount) VALUES (?, ?)")) {
        ps.setString(1, orderId);
        ps.setInt(2, count);
        ps.executeUpdate();
      }
      return count;
    }
  }

  public interface Shop {
    int order(String orderId, int amount) throws SQLException;

    String failingOrder(String orderId) throws Exception;

    int orderThenWait(String orderId) throws SQLException;

    String inWorkflow(String which) throws Exception;

    int conflicting(String orderId) throws Exception;

    int orderMany(String prefix, int count) throws SQLException;
  }

  static final class ShopImpl implements Shop {
    final Ledger ledger;
    final Gate afterTransaction;
    final AtomicInteger bodies = new AtomicInteger();

    ShopImpl(Ledger ledger, Gate afterTransaction) {
      this.ledger = ledger;
      this.afterTransaction = afterTransaction;
    }

    @Workflow
    @Override
    public int order(String orderId, int amount) throws SQLException {
      bodies.incrementAndGet();
      return ledger.add(orderId, amount);
    }

    @Workflow
    @Override
    public String failingOrder(String orderId) throws Exception {
      try {
        ledger.addThenFail(orderId);
        return "no failure";
      } catch (OutOfStockException e) {
        return "caught: " + e.getMessage();
      }
    }

    @Workflow
    @Override
    public int orderThenWait(String orderId) throws SQLException {
      bodies.incrementAndGet();
      int doubled = ledger.add(orderId, 21);
      afterTransaction.pass();
      return doubled;
    }

    @Workflow
    @Override
    public String inWorkflow(String which) throws Exception {
      switch (which) {
        case "context":
          return ledger.context();
        case "recv":
          ledger.recvInside();
          break;
        case "sleep":
          ledger.sleepInside();
          break;
        case "start":
          ledger.startInside();
          break;
        case "nested":
          ledger.transactionInside();
          break;
        default:
          throw new IllegalArgumentException(which);
      }
      return "ran " + which;
    }

    @Workflow
    @Override
    public int orderMany(String prefix, int count) throws SQLException {
      int total = 0;
      for (int i = 1; i <= count; i++) {
        total += ledger.add(prefix + i, i);
      }
      return total;
    }

    @Workflow
    @Override
    public int conflicting(String orderId) throws Exception {
      return ledger.countThenAdd(orderId);
    }
  }

  private record Launched(Shop shop, ShopImpl shopImpl, Ledger ledger, LedgerImpl ledgerImpl) {}

  private Launched launch(Gate afterTransaction) throws SQLException {
    return launch(afterTransaction, db.config().databaseUrl(db.applicationUrl()));
  }

  private Launched launch(Gate afterTransaction, DBOSConfig.Builder config) throws SQLException {
    DBOS.configure(config.build());
    Launched l = register(afterTransaction);
    DBOS.launch();
    app.execute("CREATE TABLE IF NOT EXISTS ledger (order_id TEXT NOT NULL, amount INTEGER)");
    return l;
  }

  private static Launched register(Gate afterTransaction) {
    LedgerImpl ledgerImpl = new LedgerImpl();
    Ledger ledger = DBOS.register(Ledger.class, ledgerImpl);
    ledgerImpl.self = ledger;
    ShopImpl shopImpl = new ShopImpl(ledger, afterTransaction);
    Shop shop = DBOS.register(Shop.class, shopImpl);
    ledgerImpl.shop = shop;
    return new Launched(shop, shopImpl, ledger, ledgerImpl);
  }

  private long ledgerRows(String orderId) throws SQLException {
    return app.count("SELECT count(*) FROM ledger WHERE order_id = ?", orderId);
  }

  @Test
  void aTransactionInAWorkflowCommitsItsRowAndItsOutput() throws Exception {
    Launched l = launch(Gate.opened());
    try (var id = new SetWorkflowID("commit")) {
      assertThat(l.shop().order("o-1", 5)).isEqualTo(10);
    }

    assertThat(ledgerRows("o-1")).isEqualTo(1);
    assertThat(
            app.string(
                "SELECT function_name || ':' || output FROM "
                    + app.transactionOutputs()
                    + " WHERE workflow_uuid = ? AND function_id = 1",
                "commit"))
        .isEqualTo("LedgerImpl.add:10");
    assertThat(tables.operations("commit"))
        .as("the transaction is a step of the workflow in the system database too")
        .extracting(SystemTables.Operation::functionName, SystemTables.Operation::output)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("LedgerImpl.add", "10"));
  }

  @Test
  void aWorkflowOfManyTransactionsHasThemAllAmongItsStepsWhenItEnds() throws Exception {
    Launched l = launch(Gate.opened());
    int count = 1100; // more than two batches (of 512) of records written behind the transactions

    try (var id = new SetWorkflowID("many")) {
      assertThat(l.shop().orderMany("m-", count)).isEqualTo(count * (count + 1));
    }

    assertThat(tables.operations("many"))
        .extracting(SystemTables.Operation::functionId)
        .containsExactlyElementsOf(
            java.util.stream.IntStream.rangeClosed(1, count).boxed().toList());
    assertThat(app.count("SELECT count(*) FROM ledger")).isEqualTo(count);
  }

  @Test
  void anExceptionRollsBackAndIsRecordedAndRethrown() throws Exception {
    // One connection: recording the failure must not wait for the one the failure rolled back.
    Launched l =
        launch(Gate.opened(), db.config().databaseUrl(db.applicationUrl()).databasePoolSize(1));
    try (var id = new SetWorkflowID("rollback")) {
      assertThat(l.shop().failingOrder("o-2")).isEqualTo("caught: no stock for o-2");
    }

    assertThat(ledgerRows("o-2")).as("the insert was rolled back").isZero();
    assertThat(
            app.string(
                "SELECT error FROM " + app.transactionOutputs() + " WHERE workflow_uuid = ?",
                "rollback"))
        .contains("OutOfStockException")
        .contains("no stock for o-2");
    assertThat(tables.operations("rollback"))
        .singleElement()
        .satisfies(
            op -> {
              assertThat(op.functionName()).isEqualTo("LedgerImpl.addThenFail");
              assertThat(op.error()).contains("no stock for o-2");
            });
  }

  @Test
  void outsideAWorkflowATransactionJustRunsAndRecordsNothing() throws Exception {
    Launched l = launch(Gate.opened());

    assertThat(l.ledger().add("plain", 3)).isEqualTo(6);
    assertThatThrownBy(() -> l.ledger().addThenFail("plain-fail"))
        .isInstanceOf(OutOfStockException.class)
        .hasMessage("no stock for plain-fail");

    assertThat(ledgerRows("plain")).isEqualTo(1);
    assertThat(ledgerRows("plain-fail")).isZero();
    assertThat(app.count("SELECT count(*) FROM " + app.transactionOutputs())).isZero();
  }

  @Test
  void theSessionRefusesToEndTheTransactionButOtherwiseWorks() throws Exception {
    Launched l = launch(Gate.opened());

    List<String> refused = l.ledger().misuseConnection();

    assertThat(refused).hasSize(4);
    assertThat(refused.get(0))
        .contains("commit()")
        .contains("LedgerImpl.misuseConnection")
        .contains("commits when its method returns");
    assertThat(refused.get(1)).contains("rollback()");
    assertThat(refused.get(2)).contains("close()");
    assertThat(refused.get(3)).contains("setAutoCommit()");
    assertThat(ledgerRows("undone")).isZero();
    assertThat(ledgerRows("kept")).isEqualTo(1);
  }

  @Test
  void sqlSessionOutsideATransactionThrows() throws Exception {
    launch(Gate.opened());

    assertThatThrownBy(DBOS::sqlSession)
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("only be called inside a @Transaction");
    assertThatThrownBy(() -> DBOS.runStep("a-step", () -> DBOS.sqlSession()))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("only be called inside a @Transaction");
  }

  @Test
  void eachTransactionRunsAtTheIsolationLevelItAsksFor() throws Exception {
    Launched l = launch(Gate.opened());

    if (db.backend() == Backend.POSTGRES) {
      assertThat(l.ledger().serializableLevel()).isEqualTo("serializable");
      assertThat(l.ledger().repeatableReadLevel()).isEqualTo("repeatable read");
      assertThat(l.ledger().readCommittedLevel()).isEqualTo("read committed");
      // A level set for one transaction does not stay with the pooled connection.
      assertThat(l.ledger().serializableLevel()).isEqualTo("serializable");
    } else {
      // SQLite runs every transaction serializable, which meets each level asked for.
      assertThat(l.ledger().repeatableReadLevel()).isEqualTo("serializable");
      assertThat(l.ledger().readCommittedLevel()).isEqualTo("serializable");
    }
  }

  @Test
  void contextAccessorsWorkInsideATransactionAndWaitingOperationsDoNot() throws Exception {
    Launched l = launch(Gate.opened());

    try (var id = new SetWorkflowID("context")) {
      assertThat(l.shop().inWorkflow("context")).isEqualTo("context/dbos4j-test/dbos");
    }
    for (String which : List.of("recv", "sleep", "start", "nested")) {
      Throwable thrown = catchThrowable(() -> l.shop().inWorkflow(which));
      assertThat(thrown).as(which).isInstanceOf(DBOSException.class);
      assertThat(thrown.getMessage())
          .as(which)
          .containsAnyOf("transaction 'LedgerImpl.", "inside a step or transaction");
    }
    assertThat(ledgerRows("nested")).isZero();
    assertThat(ledgerRows("never")).isZero();
  }

  @Test
  void aWorkflowRunAgainWithTheSameIdDoesNotRunItsTransactionAgain() throws Exception {
    Launched l = launch(Gate.opened());
    try (var id = new SetWorkflowID("twice")) {
      assertThat(l.shop().order("o-3", 4)).isEqualTo(8);
    }
    try (var id = new SetWorkflowID("twice")) {
      assertThat(l.shop().order("o-3", 4)).isEqualTo(8);
    }

    assertThat(ledgerRows("o-3")).isEqualTo(1);
    assertThat(l.ledgerImpl().adds).hasValue(1);
  }

  @Test
  void aRecoveredWorkflowReplaysItsTransactionFromTheApplicationDatabase() throws Exception {
    Gate afterTransaction = new Gate(1);
    Launched first = launch(afterTransaction);
    DBOS.startWorkflow(
        () -> first.shop().orderThenWait("o-4"),
        StartWorkflowOptions.builder().workflowId("recovered").build());
    afterTransaction.awaitArrivals();
    DBOS.shutdown(); // the workflow stays PENDING after its transaction committed
    // As if the process died between the transaction's commit and its record in the system
    // database: only transaction_outputs knows the transaction ran.
    tables.update("DELETE FROM dbos.operation_outputs WHERE workflow_uuid = ?", "recovered");

    DBOS.configure(db.config().databaseUrl(db.applicationUrl()).build());
    Launched second = register(Gate.opened());
    DBOS.launch();

    assertThat(DBOS.<Integer>retrieveWorkflow("recovered").getResult()).isEqualTo(42);
    assertThat(second.shopImpl().bodies).as("the workflow ran again").hasValue(1);
    assertThat(second.ledgerImpl().adds).as("its transaction did not").hasValue(0);
    assertThat(ledgerRows("o-4")).isEqualTo(1);
    assertThat(tables.operations("recovered"))
        .extracting(SystemTables.Operation::functionName)
        .as("the replay records the transaction in the system database again")
        .containsExactly("LedgerImpl.add");
  }

  @Test
  void whenAnotherExecutionRecordedThePositionFirstItsOutcomeWinsAndThisOneRollsBack()
      throws Exception {
    Launched l = launch(Gate.opened());
    // As if another execution of the workflow (in another process) had committed its transaction
    // while this one ran: a first execution does not look, and the table's key stops it instead.
    app.execute(
        "INSERT INTO "
            + app.transactionOutputs()
            + " (workflow_uuid, function_id, function_name, output, created_at)"
            + " VALUES ('raced', 1, 'LedgerImpl.add', '99', 0)");

    try (var id = new SetWorkflowID("raced")) {
      assertThat(l.shop().order("o-6", 5)).isEqualTo(99);
    }

    assertThat(l.ledgerImpl().adds).as("this execution ran its transaction").hasValue(1);
    assertThat(ledgerRows("o-6")).as("and rolled it back").isZero();
    assertThat(tables.operations("raced"))
        .extracting(SystemTables.Operation::output)
        .containsExactly("99");
  }

  @Test
  void concurrentTransactionsThatConflictAreRunAgainAndBothFinish() throws Exception {
    Launched l = launch(Gate.opened());

    WorkflowHandle<Integer> a =
        DBOS.startWorkflow(
            () -> l.shop().conflicting("a"),
            StartWorkflowOptions.builder().workflowId("a").build());
    WorkflowHandle<Integer> b =
        DBOS.startWorkflow(
            () -> l.shop().conflicting("b"),
            StartWorkflowOptions.builder().workflowId("b").build());

    assertThat(List.of(a.getResult(), b.getResult())).containsExactlyInAnyOrder(0, 1);
    assertThat(l.ledgerImpl().attempts.get("a").get() + l.ledgerImpl().attempts.get("b").get())
        .as("one of them ran again after the conflict")
        .isGreaterThanOrEqualTo(3);
    assertThat(app.count("SELECT count(*) FROM ledger")).isEqualTo(2);
    assertThat(app.count("SELECT count(*) FROM " + app.transactionOutputs())).isEqualTo(2);
  }

  @Test
  void theApplicationsOwnDataSourceServesTransactionsAndStaysOpen() throws Exception {
    HikariConfig hc = new HikariConfig();
    hc.setDataSource(plainDataSource());
    hc.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(hc)) {
      Launched l = launch(Gate.opened(), db.config().dataSource(pool));
      try (var id = new SetWorkflowID("own-source")) {
        assertThat(l.shop().order("o-5", 7)).isEqualTo(14);
      }
      assertThat(l.ledger().repeatableReadLevel())
          .isEqualTo(db.backend() == Backend.POSTGRES ? "repeatable read" : "serializable");

      assertThat(ledgerRows("o-5")).isEqualTo(1);
      assertThat(
              app.count(
                  "SELECT count(*) FROM " + app.transactionOutputs() + " WHERE workflow_uuid = ?",
                  "own-source"))
          .isEqualTo(1);
      try (Connection c = pool.getConnection()) {
        assertThat(c.getAutoCommit()).as("connections go back as they came").isTrue();
      }
      DBOS.shutdown();
      assertThat(pool.isClosed()).as("the application's data source is never closed").isFalse();
    }
  }

  /** A data source as an application would make it, on a database it made itself. */
  private DataSource plainDataSource() throws SQLException {
    if (db.backend() == Backend.SQLITE) {
      SQLiteDataSource source = new SQLiteDataSource();
      source.setUrl(db.applicationUrl());
      return source;
    }
    try (Connection c = TestPostgres.connectToServer();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + db.databaseName() + "_app");
    }
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setURL(db.applicationUrl());
    source.setUser(TestPostgres.user());
    source.setPassword(TestPostgres.password());
    return source;
  }

  @Test
  void launchFailsWhenTransactionsHaveNoApplicationDatabase() {
    DBOS.configure(db.config().build());
    register(Gate.opened());

    assertThatThrownBy(DBOS::launch)
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("LedgerImpl.add")
        .hasMessageContaining("no application database is configured");
  }

  @Test
  void launchNamesTheApplicationDatabaseItCannotReachButNotItsPassword() {
    String url =
        db.backend() == Backend.POSTGRES
            ? "jdbc:postgresql://127.0.0.1:1/nowhere?password=secret-pw"
            : "jdbc:sqlite:/proc/no-such-dir/app.sqlite";
    DBOS.configure(db.config().databaseUrl(url).build());
    register(Gate.opened());

    Throwable thrown = catchThrowable(DBOS::launch);

    assertThat(thrown).isInstanceOf(DBOSException.class);
    assertThat(thrown.getMessage())
        .contains("application database")
        .contains(db.backend() == Backend.POSTGRES ? "127.0.0.1:1/nowhere" : "app.sqlite")
        .doesNotContain("secret-pw");
  }
}
