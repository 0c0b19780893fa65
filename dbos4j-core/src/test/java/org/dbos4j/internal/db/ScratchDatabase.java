package org.dbos4j.internal.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.dbos4j.Backend;
import org.dbos4j.TestPostgres;

/**
 * A database for the tests of the engine half, holding none of the system tables: named after the
 * test class ({@code dbos4j_test_<class>}, as the system databases of {@link
 * org.dbos4j.SystemDatabaseExtension} are), on PostgreSQL or in an SQLite file under {@code
 * target/sqlite-tests}, and dropped when handed out.
 */
final class ScratchDatabase implements AutoCloseable {
  final Backend backend;
  final Engine engine;
  private HikariDataSource pool;

  private ScratchDatabase(Backend backend, Engine engine) {
    this.backend = backend;
    this.engine = engine;
  }

  /** The URL of {@code testClass}'s database on {@code backend}; skips without PostgreSQL. */
  static String url(Backend backend, Class<?> testClass) {
    String name = "dbos4j_test_" + testClass.getSimpleName().toLowerCase(Locale.ROOT);
    if (backend == Backend.POSTGRES) {
      TestPostgres.require();
      return TestPostgres.serverUrl() + "/" + name;
    }
    return "jdbc:sqlite:"
        + Paths.get("target", "sqlite-tests", name + ".sqlite").toAbsolutePath().normalize();
  }

  /** {@code testClass}'s database on {@code backend}, dropped: it does not exist yet. */
  static ScratchDatabase fresh(Backend backend, Class<?> testClass) throws SQLException {
    Engine engine = Engine.of(url(backend, testClass));
    engine.drop(TestPostgres.user(), TestPostgres.password());
    return new ScratchDatabase(backend, engine);
  }

  /** Creates the database and runs {@code script} in one migration transaction. */
  void migrate(String script) throws SQLException {
    try (Connection c =
            engine.connectCreatingDatabase(TestPostgres.user(), TestPostgres.password());
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      engine.beginMigration(st);
      engine.executeScript(st, script);
      c.commit();
    }
  }

  /** A pooled connection, opened as the engine configures its pools. */
  Connection connect() throws SQLException {
    if (pool == null) {
      HikariConfig hc = engine.poolConfig(TestPostgres.user(), TestPostgres.password());
      hc.setMaximumPoolSize(4);
      hc.setPoolName("dbos4j-test-" + backend.name().toLowerCase(Locale.ROOT));
      pool = new HikariDataSource(hc);
    }
    return pool.getConnection();
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.close();
    }
  }
}
