package org.dbos4j.crash;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import org.dbos4j.DBOS;
import org.dbos4j.DBOSConfig;
import org.dbos4j.StartWorkflowOptions;
import org.dbos4j.Workflow;

/**
 * A child JVM of the takeover test: one of several processes with the same executor ID on one
 * PostgreSQL system database. Every step it runs inserts a row {@code (workflow, step, process)}
 * into {@link #RUNS}, so the test counts which process ran which step how often.
 *
 * <p>Arguments: mode, system database URL, user, password, log file, go file, number of workflows;
 * by mode:
 *
 * <ul>
 *   <li>{@code start}: starts workflows {@code takeover-1} to {@code takeover-<count>}, then waits
 *       to be killed;
 *   <li>{@code join}: only launches, writes {@link #LAUNCHED} to the log, and waits to be killed.
 * </ul>
 *
 * <p>Each workflow runs step {@code a}, then step {@code b}, which waits for the go file.
 */
public final class TakeoverWorker {
  /** The table of step executions, in the system database. */
  static final String RUNS = "public.takeover_runs";

  /** Written by a {@code join} process once {@code launch()} has returned. */
  static final String LAUNCHED = "launched";

  private static String url;
  private static String user;
  private static String password;

  private TakeoverWorker() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    url = args[1];
    user = args[2];
    password = args[3];
    String logFile = args[4];
    String goFile = args[5];
    int count = Integer.parseInt(args[6]);
    DBOS.configure(
        DBOSConfig.builder()
            .appName("takeover-test")
            .systemDatabaseUrl(url)
            .user(user)
            .password(password)
            .appVersion("takeover-test-version")
            .build()); // every process has the default executor ID
    TakeoverWorkflows workflows = DBOS.register(TakeoverWorkflows.class, new Workflows());
    DBOS.launch(); // creates the database
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      c.createStatement()
          .execute(
              "CREATE TABLE IF NOT EXISTS "
                  + RUNS
                  + " (workflow TEXT NOT NULL, step TEXT NOT NULL, pid BIGINT NOT NULL)");
    }
    switch (mode) {
      case "start" -> {
        for (int i = 1; i <= count; i++) {
          DBOS.startWorkflow(
              () -> workflows.run(goFile),
              StartWorkflowOptions.builder().workflowId(workflowId(i)).build());
        }
      }
      case "join" -> CrashWorker.appendLine(logFile, LAUNCHED);
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    new CountDownLatch(1).await();
  }

  static String workflowId(int i) {
    return "takeover-" + i;
  }

  static final class Workflows implements TakeoverWorkflows {
    @Workflow
    @Override
    public String run(String goFile) {
      DBOS.runStep("a", () -> record("a"));
      DBOS.runStep(
          "b",
          () -> {
            CrashWorker.awaitFile(Path.of(goFile));
            record("b");
          });
      return "done";
    }
  }

  private static void record(String step) {
    try (Connection c = DriverManager.getConnection(url, user, password);
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO " + RUNS + " (workflow, step, pid) VALUES (?, ?, ?)")) {
      ps.setString(1, DBOS.workflowId());
      ps.setString(2, step);
      ps.setLong(3, ProcessHandle.current().pid());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record step " + step, e);
    }
  }
}
