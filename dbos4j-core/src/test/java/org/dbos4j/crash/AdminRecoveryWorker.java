package org.dbos4j.crash;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.dbos4j.DBOS;
import org.dbos4j.DBOSConfig;
import org.dbos4j.StartWorkflowOptions;
import org.dbos4j.Workflow;

/**
 * A child JVM of the admin recovery test, on the test's system database (either backend).
 *
 * <p>Arguments: mode, system database URL, user, password, executor ID, admin port (0 for none),
 * runs file, go file, number of workflows; by mode:
 *
 * <ul>
 *   <li>{@code doomed}: starts workflows {@code handover-1} to {@code handover-<count>}, then waits
 *       to be killed;
 *   <li>{@code rescuer}: launches with an admin server, writes {@link #LAUNCHED} to the runs file,
 *       and waits to be killed.
 * </ul>
 */
public final class AdminRecoveryWorker {
  /** Written to the runs file by a {@code rescuer} once {@code launch()} has returned. */
  static final String LAUNCHED = "launched";

  /** The application version every process of the test shares (recovery stays within one). */
  static final String APP_VERSION = "test-version";

  private AdminRecoveryWorker() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    DBOSConfig.Builder config =
        DBOSConfig.builder()
            .appName("admin-recovery-test")
            .systemDatabaseUrl(args[1])
            .user(args[2])
            .password(args[3])
            .appVersion(APP_VERSION)
            .executorId(args[4]);
    int adminPort = Integer.parseInt(args[5]);
    if (adminPort != 0) {
      config.adminPort(adminPort);
    }
    String runsFile = args[6];
    String goFile = args[7];
    int count = Integer.parseInt(args[8]);
    DBOS.configure(config.build());
    HandoverWorkflows workflows = DBOS.register(HandoverWorkflows.class, new Workflows());
    DBOS.launch();
    switch (mode) {
      case "doomed" -> {
        for (int i = 1; i <= count; i++) {
          DBOS.startWorkflow(
              () -> workflows.run(runsFile, goFile),
              StartWorkflowOptions.builder().workflowId(workflowId(i)).build());
        }
      }
      case "rescuer" -> CrashWorker.appendLine(runsFile, LAUNCHED);
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    new CountDownLatch(1).await();
  }

  static String workflowId(int i) {
    return "handover-" + i;
  }

  /** The workflow, in every process of the test (the test's own JVM included). */
  static final class Workflows implements HandoverWorkflows {
    @Workflow
    @Override
    public String run(String runsFile, String goFile) {
      DBOS.runStep("a", () -> record(runsFile, "a"));
      DBOS.runStep(
          "b",
          () -> {
            CrashWorker.awaitFile(Path.of(goFile));
            record(runsFile, "b");
          });
      return "handed over";
    }

    private static void record(String runsFile, String step) {
      CrashWorker.appendLine(
          runsFile, DBOS.workflowId() + " " + step + " " + ProcessHandle.current().pid());
    }
  }
}
