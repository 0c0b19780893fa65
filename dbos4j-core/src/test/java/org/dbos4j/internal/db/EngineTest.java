package org.dbos4j.internal.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.dbos4j.Backend;
import org.dbos4j.DBOSException;
import org.dbos4j.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine half on its own, on both backends: a database named by its URL is created, migrated,
 * pooled and dropped, and its errors and non-portable SQL are told apart, with none of the system
 * tables (as the application database of {@code @Transaction} will be).
 */
class EngineTest {
  private ScratchDatabase db;

  @AfterEach
  void close() {
    if (db != null) {
      db.close();
    }
  }

  /** Two tables in the {@code dbos} schema, the second referring to the first. */
  private void migrate(Backend backend) throws SQLException {
    db = ScratchDatabase.fresh(backend, EngineTest.class);
    // SQLite wants a foreign key's table unqualified, in the same (attached) database.
    String parent = backend == Backend.POSTGRES ? "dbos.parent" : "parent";
    db.migrate(
        """
        CREATE TABLE dbos.parent (id TEXT PRIMARY KEY, n BIGINT);
        CREATE TABLE dbos.child (
          id TEXT PRIMARY KEY,
          parent_id TEXT NOT NULL REFERENCES %s (id)
        );
        """
            .formatted(parent));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void createsTheDatabaseNamedByItsUrlIfMissingAndDropsIt(Backend backend) throws Exception {
    db = ScratchDatabase.fresh(backend, EngineTest.class);
    assertThat(exists(backend)).isFalse();

    try (Connection c = connectCreatingDatabase()) {
      assertThat(c.isValid(5)).isTrue();
    }
    assertThat(exists(backend)).isTrue();
    try (Connection c = connectCreatingDatabase()) {
      assertThat(c.isValid(5)).as("connects to the database that exists").isTrue();
    }

    db.engine.drop(TestPostgres.user(), TestPostgres.password());
    assertThat(exists(backend)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aMigrationIsAppliedOnceAndThePoolSeesItsTablesInTheDbosSchema(Backend backend)
      throws Exception {
    migrate(backend);
    try (Connection c = db.connect()) {
      Statements.update(c, "INSERT INTO dbos.parent (id, n) VALUES (?, ?)", "p", 1L);
      Statements.update(c, "INSERT INTO dbos.child (id, parent_id) VALUES (?, ?)", "c", "p");
      long n =
          Statements.query(
              c,
              "SELECT n FROM dbos.parent JOIN dbos.child ON parent_id = parent.id",
              rs -> rs.next() ? rs.getLong(1) : -1L);
      assertThat(n).isEqualTo(1L);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void tellsAPrimaryKeyViolationOfATableFromOtherFailures(Backend backend) throws Exception {
    migrate(backend);
    try (Connection c = db.connect()) {
      Statements.update(c, "INSERT INTO dbos.parent (id) VALUES (?)", "p");

      SQLException duplicate =
          failure(() -> Statements.update(c, "INSERT INTO dbos.parent (id) VALUES (?)", "p"));
      assertThat(db.engine.isPrimaryKeyViolation(duplicate, "parent")).isTrue();
      assertThat(db.engine.isPrimaryKeyViolation(duplicate, "child")).isFalse();
      assertThat(db.engine.isForeignKeyViolation(duplicate)).isFalse();
      assertThat(db.engine.isSerializationFailure(duplicate)).isFalse();

      SQLException orphan =
          failure(
              () ->
                  Statements.update(
                      c, "INSERT INTO dbos.child (id, parent_id) VALUES (?, ?)", "c", "none"));
      assertThat(db.engine.isForeignKeyViolation(orphan)).isTrue();
      assertThat(db.engine.isPrimaryKeyViolation(orphan, "child")).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void anInListConditionMatchesExactlyTheBoundValues(Backend backend) throws Exception {
    migrate(backend);
    List<String> odd = List.of("it's", "\"quoted\"", "back\\slash", "tab\there", "ü, 🐘", "");
    try (Connection c = db.connect()) {
      for (String id : odd) {
        Statements.update(c, "INSERT INTO dbos.parent (id) VALUES (?)", id);
      }
      Statements.update(c, "INSERT INTO dbos.parent (id) VALUES (?)", "not asked for");

      List<String> asked = new ArrayList<>(odd);
      asked.add("absent");
      assertThat(idsAmong(c, asked)).containsExactlyInAnyOrderElementsOf(odd);
      assertThat(idsAmong(c, List.of())).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void anUnflushedWriteCommitsAndLeavesTheConnectionInAutoCommit(Backend backend) throws Exception {
    migrate(backend);
    try (Connection c = db.connect()) {
      int count =
          db.engine.updateUnflushed(
              c, "INSERT INTO dbos.parent (id, n) VALUES (?, ?), (?, ?)", "a", 1L, "b", 2L);

      assertThat(count).isEqualTo(2);
      assertThat(c.getAutoCommit()).isTrue();
      assertThat(idsAmong(c, List.of("a", "b"))).containsExactlyInAnyOrder("a", "b");
      SQLException duplicate =
          failure(() -> db.engine.updateUnflushed(c, "INSERT INTO dbos.parent (id) VALUES ('a')"));
      assertThat(db.engine.isPrimaryKeyViolation(duplicate, "parent")).isTrue();
      assertThat(c.getAutoCommit()).as("also after a failure").isTrue();
    }
    try (Connection other = db.connect()) {
      assertThat(idsAmong(other, List.of("a", "b"))).as("committed").hasSize(2);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void anUpsertTellsAnInsertedRowWherePostgresCan(Backend backend) throws Exception {
    migrate(backend);
    String upsert =
        """
        INSERT INTO dbos.parent (id, n) VALUES (?, ?)
        ON CONFLICT (id) DO UPDATE SET n = EXCLUDED.n
        RETURNING %s"""
            .formatted(db.engine.insertedNotUpdated());
    try (Connection c = db.connect()) {
      boolean first = Statements.query(c, upsert, EngineTest::firstBoolean, "u", 1L);
      boolean second = Statements.query(c, upsert, EngineTest::firstBoolean, "u", 2L);

      // SQLite cannot tell, and answers "updated" (see SqliteEngine.insertedNotUpdated).
      assertThat(first).isEqualTo(backend == Backend.POSTGRES);
      assertThat(second).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aFailedStatementFailsTheWholeTransactionOnlyOnPostgres(Backend backend) throws Exception {
    migrate(backend);
    try (Connection c = db.connect()) {
      Statements.update(c, "INSERT INTO dbos.parent (id) VALUES (?)", "p");
      c.setAutoCommit(false);
      assertThat(db.engine.transactionFailed(c)).isFalse();
      failure(() -> Statements.update(c, "INSERT INTO dbos.parent (id) VALUES (?)", "p"));

      assertThat(db.engine.transactionFailed(c)).isEqualTo(backend == Backend.POSTGRES);
      c.rollback();
      c.setAutoCommit(true);
    }
  }

  @Test
  void aConcurrentUpdateUnderRepeatableReadIsASerializationFailureOnPostgres() throws Exception {
    migrate(Backend.POSTGRES);
    try (Connection a = db.connect();
        Connection b = db.connect()) {
      Statements.update(a, "INSERT INTO dbos.parent (id, n) VALUES (?, ?)", "p", 1L);
      a.setAutoCommit(false);
      a.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      Statements.query(a, "SELECT n FROM dbos.parent WHERE id = ?", ResultSet::next, "p");
      Statements.update(b, "UPDATE dbos.parent SET n = 2 WHERE id = ?", "p");

      SQLException conflict =
          failure(() -> Statements.update(a, "UPDATE dbos.parent SET n = 3 WHERE id = ?", "p"));
      assertThat(db.engine.isSerializationFailure(conflict)).isTrue();
      a.rollback();
      a.setAutoCommit(true);
    }
    assertThat(db.engine.isSerializationFailure(new SQLException("deadlock detected", "40P01")))
        .isTrue();
  }

  @Test
  void aWriteLockThatStaysBusyIsASerializationFailureOnSqlite() throws Exception {
    migrate(Backend.SQLITE);
    HikariConfig hc = db.engine.poolConfig(null, null);
    hc.addDataSourceProperty("busy_timeout", "100");
    try (HikariDataSource impatient = new HikariDataSource(hc);
        Connection a = db.connect();
        Connection b = impatient.getConnection()) {
      a.setAutoCommit(false);
      Statements.update(a, "INSERT INTO dbos.parent (id) VALUES (?)", "a");

      SQLException busy =
          failure(
              () -> {
                b.setAutoCommit(false);
                return Statements.update(b, "INSERT INTO dbos.parent (id) VALUES (?)", "b");
              });
      assertThat(db.engine.isSerializationFailure(busy)).isTrue();
      assertThat(db.engine.isPrimaryKeyViolation(busy, "parent")).isFalse();
      a.rollback();
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void statesTheFactsItsCallersDependOn(Backend backend) {
    Engine engine = Engine.of(ScratchDatabase.url(backend, EngineTest.class));
    boolean postgres = backend == Backend.POSTGRES;

    assertThat(engine.writers(8)).isEqualTo(postgres ? 8 : 1);
    assertThat(engine.fusesWrites()).isEqualTo(postgres);
    assertThat(engine.pushesNotifications()).isEqualTo(postgres);
  }

  @Test
  void anEngineIsNamedByItsUrlWithoutThePassword() {
    Engine engine = Engine.of("jdbc:postgresql://db.example:5432/app?user=u&password=secret");

    assertThat(engine).hasToString("jdbc:postgresql://db.example:5432/app?user=u&password=****");
    assertThatThrownBy(() -> Engine.of("jdbc:mysql://db.example/app?password=secret"))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("Unsupported database URL jdbc:mysql://db.example/app?password=****")
        .hasMessageNotContaining("secret");
  }

  private Connection connectCreatingDatabase() throws SQLException {
    return db.engine.connectCreatingDatabase(TestPostgres.user(), TestPostgres.password());
  }

  private boolean exists(Backend backend) throws SQLException {
    String url = db.engine.toString();
    if (backend == Backend.SQLITE) {
      return Files.exists(Paths.get(url.substring("jdbc:sqlite:".length())));
    }
    try (Connection c = TestPostgres.connectToServer()) {
      return Statements.query(
          c,
          "SELECT 1 FROM pg_database WHERE datname = ?",
          ResultSet::next,
          DatabaseUrls.databaseName(url));
    }
  }

  private List<String> idsAmong(Connection c, List<String> ids) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id FROM dbos.parent WHERE " + db.engine.inList("id"))) {
      db.engine.bindList(ps, 1, ids);
      List<String> found = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
      return found;
    }
  }

  /** A statement that must fail. */
  @FunctionalInterface
  private interface FailingStatement {
    Object run() throws SQLException;
  }

  private static SQLException failure(FailingStatement statement) {
    try {
      statement.run();
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("the statement did not fail");
  }

  private static boolean firstBoolean(ResultSet rs) throws SQLException {
    assertThat(rs.next()).isTrue();
    return rs.getBoolean(1);
  }
}
