package org.dbos4j.examples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server of the tests, as for dbos4j-core's tests: {@code 127.0.0.1:5432} as user
 * {@code postgres} with password {@code dbos}, unless {@code DBOS4J_TEST_PG_URL} (a server URL such
 * as {@code jdbc:postgresql://host:5432}), {@code DBOS4J_TEST_PG_USER} and {@code
 * DBOS4J_TEST_PG_PASSWORD} say otherwise.
 *
 * <p>When the server cannot be reached, a test that needs it is skipped, except on CI ({@code
 * CI=true}), where it fails: there a missing server is a broken build, not a developer's laptop.
 */
public final class PostgresTestServer {
  private PostgresTestServer() {}

  /** The server URL, without a database name. */
  public static String serverUrl() {
    return env("DBOS4J_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432");
  }

  public static String user() {
    return env("DBOS4J_TEST_PG_USER", "postgres");
  }

  public static String password() {
    return env("DBOS4J_TEST_PG_PASSWORD", "dbos");
  }

  /**
   * Drops database {@code name} if it exists (its creation is left to {@code DBOS.launch()}) and
   * returns its JDBC URL.
   */
  public static String freshDatabase(String name) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
    return serverUrl() + "/" + name;
  }

  private static Connection connect() {
    String url = serverUrl() + "/postgres";
    try {
      return DriverManager.getConnection(url, user(), password());
    } catch (SQLException e) {
      String problem = "no PostgreSQL server reachable at " + url + " as " + user() + ": " + e;
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(problem + " (CI=true, so this fails instead of being skipped)", e);
      }
      Assumptions.abort(problem + "; start one (see README) or set DBOS4J_TEST_PG_URL");
      throw new AssertionError("unreachable", e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
