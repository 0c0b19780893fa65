package org.dbos4j.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Gives every system a database of its own, emptied at the start of each run, so that one run's
 * leftover rows and bloat never slow down the next and the systems never share tables. The
 * PostgreSQL ones are dropped and created again here; the SQLite file of {@code dbos4j-sqlite} is
 * deleted by dbos4j itself ({@code DBOS.resetSystemDatabase()}, see {@link Dbos4jWorkloads}), and
 * its W8 application database file by {@link AppDatabase}.
 */
final class BenchDatabases {
  static final String FLOOR = "bench_floor";
  static final String DBOS4J_SYSTEM = "bench_dbos4j_sys";
  static final String DBOS_JAVA_SYSTEM = "bench_dbosjava_sys";

  /** The application database of {@code dbos4j}, where W8's transactions and JDBC loop write. */
  static final String DBOS4J_APP = "bench_dbos4j_app";

  /**
   * The system database of {@code dbos4j-sqlite}, relative to the working directory: under {@code
   * target/}, so {@code mvn clean} removes it. dbos4j creates the directory when it launches.
   */
  static final Path DBOS4J_SQLITE_FILE = Path.of("target", "bench-sqlite", "dbos4j_bench.sqlite");

  /** The application database of {@code dbos4j-sqlite}, for W8, beside its system database. */
  static final Path DBOS4J_SQLITE_APP_FILE =
      Path.of("target", "bench-sqlite", "dbos4j_bench_app.sqlite");

  // Names are spliced into DDL, which takes no bind parameters.
  private static final Pattern SAFE_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

  private final BenchOptions options;

  BenchDatabases(BenchOptions options) {
    this.options = options;
  }

  void recreate(String database) throws SQLException {
    if (!SAFE_NAME.matcher(database).matches()) {
      throw new IllegalArgumentException("unsafe database name " + database);
    }
    try (Connection admin =
            DriverManager.getConnection(
                options.databaseUrl("postgres"), options.user(), options.password());
        Statement ddl = admin.createStatement()) {
      // FORCE ends sessions a crashed earlier run may have left open on the database.
      ddl.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      ddl.execute("CREATE DATABASE " + database);
    }
  }
}
