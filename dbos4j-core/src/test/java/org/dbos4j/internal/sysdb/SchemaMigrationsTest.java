package org.dbos4j.internal.sysdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.TestPostgres;
import org.dbos4j.internal.db.Engine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Schema migrations on a fresh database: applied once, even by processes launching together. */
class SchemaMigrationsTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @BeforeEach
  void createEmptyDatabase() throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                TestPostgres.serverUrl() + "/postgres",
                TestPostgres.user(),
                TestPostgres.password());
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + db.databaseName());
    }
  }

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void applyCreatesTheSchemaThenHasNothingLeftToApply() throws Exception {
    try (Connection c = connect()) {
      assertThat(SchemaMigrations.apply(c, Engine.of(db.url())))
          .isEqualTo(SchemaMigrations.latestVersion());
      assertThat(SchemaMigrations.apply(c, Engine.of(db.url()))).isZero();
      assertThat(c.getAutoCommit()).as("the connection's auto-commit mode is restored").isTrue();
      assertThat(versions(c)).isEqualTo(allVersions());
      assertThat(tableCount(c)).isEqualTo(2);
    }
  }

  @Test
  void twoConnectionsApplyingAtOnceBothSucceedAndEachMigrationIsRecordedOnce() throws Exception {
    // Several rounds on a fresh schema: a race that loses only sometimes still shows up.
    for (int round = 0; round < 5; round++) {
      // Dropped on a connection of its own: like launching processes, the two connections below
      // are fresh and have never looked the schema up.
      try (Connection admin = connect();
          Statement st = admin.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS dbos CASCADE");
      }
      try (Connection a = connect();
          Connection b = connect()) {
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Integer> first = threads.submit(() -> applyAfter(start, a));
        Future<Integer> second = threads.submit(() -> applyAfter(start, b));
        int appliedByFirst = first.get(30, TimeUnit.SECONDS);
        int appliedBySecond = second.get(30, TimeUnit.SECONDS);

        assertThat(List.of(appliedByFirst, appliedBySecond))
            .as("round %d: one connection applies every migration, the other none", round)
            .containsExactlyInAnyOrder(SchemaMigrations.latestVersion(), 0);
        assertThat(versions(a)).isEqualTo(allVersions());
        assertThat(tableCount(b)).isEqualTo(2);
      }
    }
  }

  private static int applyAfter(CyclicBarrier start, Connection c) throws Exception {
    start.await(30, TimeUnit.SECONDS);
    return SchemaMigrations.apply(c, Engine.of(db.url()));
  }

  private Connection connect() throws Exception {
    return DriverManager.getConnection(db.url(), TestPostgres.user(), TestPostgres.password());
  }

  private static List<Integer> versions(Connection c) throws Exception {
    List<Integer> versions = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT version FROM dbos.dbos4j_migrations ORDER BY version")) {
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
    }
    return versions;
  }

  private static List<Integer> allVersions() {
    List<Integer> all = new ArrayList<>();
    for (int v = 1; v <= SchemaMigrations.latestVersion(); v++) {
      all.add(v);
    }
    return all;
  }

  private static long tableCount(Connection c) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'dbos'"
                    + " AND table_name IN ('workflow_status', 'operation_outputs')")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
