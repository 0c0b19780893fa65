package org.dbos4j.crash;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.dbos4j.Conditions;
import org.dbos4j.DBOS;
import org.dbos4j.DBOSConfig;
import org.dbos4j.Queue;
import org.dbos4j.StartWorkflowOptions;
import org.dbos4j.Workflow;

/**
 * The child JVM of the queue tests: one process among several that run the workflows of one queue.
 *
 * <p>Arguments: mode, system database URL, user, password, executor ID, how many workflows to
 * enqueue (0: none), how many the queue gets in all, and a mode's own: in {@code compete}, the JDBC
 * URL of the database holding the {@code queue_runs} and {@code queue_running} tables; in {@code
 * hold}, the log file and the go file. It prints {@link #LAUNCHED} once launched.
 *
 * <ul>
 *   <li>{@code compete}: worker concurrency 2, concurrency 3. Each workflow counts itself running
 *       in {@code queue_running} (and the peak), records its run in {@code queue_runs}, and counts
 *       itself out; the process exits once every workflow of the queue has finished.
 *   <li>{@code hold}: worker concurrency 2. Each workflow logs {@code start <id>} in a step, waits
 *       for the go file, logs {@code finish <id>} in a step; the process exits once every workflow
 *       of the queue has finished (the test kills the first one before).
 * </ul>
 */
public final class QueueWorker {
  static final String QUEUE = "shared";
  static final String LAUNCHED = "LAUNCHED";

  private QueueWorker() {}

  /** The workflows of the queue. */
  public interface Jobs {
    String compete(String id, String runsUrl) throws Exception;

    String hold(String id, String logFile, String goFile);
  }

  static final class JobsImpl implements Jobs {
    private final String executorId;
    private final String user;
    private final String password;

    JobsImpl(String executorId, String user, String password) {
      this.executorId = executorId;
      this.user = user;
      this.password = password;
    }

    @Workflow
    @Override
    public String compete(String id, String runsUrl) throws Exception {
      DBOS.runStep(
          "enter",
          () ->
              update(
                  runsUrl,
                  "UPDATE queue_running SET running = running + 1,"
                      + " peak = GREATEST(peak, running + 1)"));
      DBOS.runStep(
          "record",
          () -> {
            update(
                runsUrl,
                "INSERT INTO queue_runs (workflow_id, executor_id) VALUES (?, ?)",
                id,
                executorId);
            Thread.sleep(5); // holds its slot a while, so that workflows overlap
          });
      DBOS.runStep(
          "leave", () -> update(runsUrl, "UPDATE queue_running SET running = running - 1"));
      return id;
    }

    @Workflow
    @Override
    public String hold(String id, String logFile, String goFile) {
      DBOS.runStep("start", () -> CrashWorker.appendLine(logFile, "start " + id));
      CrashWorker.awaitFile(Path.of(goFile)); // not a step: a replay passes at once
      DBOS.runStep("finish", () -> CrashWorker.appendLine(logFile, "finish " + id));
      return id;
    }

    private int update(String url, String sql, Object... args) throws SQLException {
      try (Connection c = DriverManager.getConnection(url, user, password);
          PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < args.length; i++) {
          ps.setObject(i + 1, args[i]);
        }
        return ps.executeUpdate();
      }
    }
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String url = args[1];
    String user = args[2];
    String password = args[3];
    String executorId = args[4];
    int enqueue = Integer.parseInt(args[5]);
    int total = Integer.parseInt(args[6]);
    DBOS.configure(
        DBOSConfig.builder()
            .appName("queue-test")
            .systemDatabaseUrl(url)
            .user(user)
            .password(password)
            .appVersion("queue-test-version")
            .executorId(executorId)
            .build());
    Jobs jobs = DBOS.register(Jobs.class, new JobsImpl(executorId, user, password));
    Queue.Builder queue = Queue.builder(QUEUE).workerConcurrency(2);
    DBOS.registerQueue(mode.equals("compete") ? queue.concurrency(3).build() : queue.build());
    DBOS.launch();
    System.out.println(LAUNCHED);
    System.out.flush();
    for (int i = 0; i < enqueue; i++) {
      String id = mode + "-" + i;
      StartWorkflowOptions options =
          StartWorkflowOptions.builder().queue(QUEUE).workflowId(id).build();
      if (mode.equals("compete")) {
        DBOS.startWorkflow(() -> jobs.compete(id, args[7]), options);
      } else {
        DBOS.startWorkflow(() -> jobs.hold(id, args[7], args[8]), options);
      }
    }
    awaitAllFinished(url, user, password, total);
    DBOS.shutdown();
  }

  /**
   * Polls until {@code total} workflows of the queue have finished (the child's side of a wait for
   * a state).
   */
  private static void awaitAllFinished(String url, String user, String password, int total)
      throws Exception {
    Properties credentials = new Properties();
    credentials.setProperty("user", user);
    credentials.setProperty("password", password);
    String sql =
        "SELECT count(*) FROM dbos.workflow_status WHERE queue_name = ? AND status = 'SUCCESS'";
    Conditions.awaitTrue(
        total + " workflows of the queue finished",
        ChildJvm.BOUND,
        () -> {
          try (Connection c = connect(url, credentials);
              PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, QUEUE);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1) >= total;
            }
          }
        });
  }

  private static Connection connect(String url, Properties credentials) throws SQLException {
    if (!url.startsWith("jdbc:sqlite:")) {
      return DriverManager.getConnection(url, credentials);
    }
    Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
    try (var st = c.createStatement()) {
      st.execute(
          "ATTACH DATABASE '"
              + url.substring("jdbc:sqlite:".length()).replace("'", "''")
              + "' AS dbos");
    }
    return c;
  }
}
