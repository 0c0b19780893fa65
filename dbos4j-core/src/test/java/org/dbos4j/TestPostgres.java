package org.dbos4j;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server of the tests, for every module: {@code 127.0.0.1:5432} as user {@code
 * postgres} with password {@code dbos}, unless {@code DBOS4J_TEST_PG_URL} (a server URL such as
 * {@code jdbc:postgresql://host:5432}), {@code DBOS4J_TEST_PG_USER} and {@code
 * DBOS4J_TEST_PG_PASSWORD} say otherwise. dbos4j-core ships this class to the other modules' tests
 * in its test jar.
 *
 * <p>When no server answers there, a test that needs one is skipped, with a notice printed once,
 * except on CI ({@code CI=true}), where it fails: there a missing server is a broken build, not a
 * developer's laptop.
 */
public final class TestPostgres {
  private static volatile String unreachableReason;
  private static volatile boolean reachabilityChecked;

  private TestPostgres() {}

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

  /** Skips the calling test when no server answers (fails it under CI); see the class comment. */
  public static void require() {
    if (!reachabilityChecked) {
      synchronized (TestPostgres.class) {
        if (!reachabilityChecked) {
          unreachableReason = probe();
          reachabilityChecked = true;
          if (unreachableReason != null) {
            System.err.println(
                "NOTICE: "
                    + unreachableReason
                    + (isCi()
                        ? " (CI=true, so the PostgreSQL tests fail)"
                        : " (the PostgreSQL tests are SKIPPED: set DBOS4J_TEST_PG_URL, or start"
                            + " a server, to run them)"));
          }
        }
      }
    }
    if (unreachableReason != null) {
      if (isCi()) {
        throw new IllegalStateException(unreachableReason + " (CI=true: PostgreSQL is required)");
      }
      Assumptions.abort(unreachableReason);
    }
  }

  /** A connection to the server's maintenance database, {@code postgres}. */
  public static Connection connectToServer() throws SQLException {
    return DriverManager.getConnection(serverUrl() + "/postgres", user(), password());
  }

  /**
   * Drops database {@code name} if it exists (its creation is left to {@code DBOS.launch()}) and
   * returns its JDBC URL; skips the test when no server answers (see {@link #require}).
   */
  public static String freshDatabase(String name) throws SQLException {
    require();
    try (Connection c = connectToServer();
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
    return serverUrl() + "/" + name;
  }

  private static String probe() {
    Properties props = new Properties();
    props.setProperty("user", user());
    props.setProperty("password", password());
    props.setProperty("connectTimeout", "5");
    props.setProperty("loginTimeout", "5");
    try (Connection c = DriverManager.getConnection(serverUrl() + "/postgres", props)) {
      return null;
    } catch (SQLException e) {
      return "no PostgreSQL server reachable at " + serverUrl() + ": " + e.getMessage();
    }
  }

  private static boolean isCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
