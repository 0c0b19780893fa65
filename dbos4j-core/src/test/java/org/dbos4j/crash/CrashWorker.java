package org.dbos4j.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import org.dbos4j.DBOS;
import org.dbos4j.DBOSConfig;
import org.dbos4j.SetWorkflowID;
import org.dbos4j.Step;
import org.dbos4j.Workflow;

/**
 * The child JVM of the crash test. {@code run} starts the workflow and never returns by itself (the
 * test kills it); {@code recover} launches, which recovers the workflow, and prints its result.
 *
 * <p>Arguments: mode, system database URL, user, password, workflow ID, log file, go file, steps,
 * step after which to pause, and how many milliseconds DBOS's clock runs ahead of the system's.
 */
public final class CrashWorker {
  /** Written to the log once the workflow is paused between two steps. */
  static final String PAUSED = "paused";

  /** Written to the log just before the workflow waits in recv. */
  static final String RECEIVING = "receiving";

  private CrashWorker() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    DBOS.configure(
        DBOSConfig.builder()
            .appName("crash-test")
            .systemDatabaseUrl(args[1])
            .user(args[2])
            .password(args[3])
            .appVersion("crash-test-version")
            .executorId("crash-executor")
            .clock(Clock.offset(Clock.systemUTC(), Duration.ofMillis(Long.parseLong(args[9]))))
            .build());
    CrashSteps steps = DBOS.register(CrashSteps.class, new Steps());
    CrashWorkflows workflows = DBOS.register(CrashWorkflows.class, new Workflows(steps));
    DBOS.launch();
    String workflowId = args[4];
    if (mode.equals("run")) {
      try (SetWorkflowID id = new SetWorkflowID(workflowId)) {
        workflows.appendSteps(
            args[5], args[6], Integer.parseInt(args[7]), Integer.parseInt(args[8]));
      }
      throw new IllegalStateException("the run mode should have been killed while paused");
    }
    if (mode.equals("recv")) {
      try (SetWorkflowID id = new SetWorkflowID(workflowId)) {
        workflows.awaitMessage(args[5], Long.parseLong(args[7]));
      }
      throw new IllegalStateException("the recv mode should have been killed while waiting");
    }
    String result = DBOS.<String>retrieveWorkflow(workflowId).getResult();
    System.out.println("RESULT " + result);
    DBOS.shutdown();
  }

  /**
   * Waits until the test creates {@code file}: the child's side of a wait for a state, polled, as a
   * file gives no signal; ends early if the thread is interrupted (DBOS shutting down).
   */
  static void awaitFile(Path file) {
    while (!Files.exists(file)) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  static void appendLine(String file, String line) {
    try {
      Files.writeString(
          Path.of(file),
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final class Steps implements CrashSteps {
    @Step
    @Override
    public int append(String logFile, int step) {
      appendLine(logFile, "step-" + step);
      return step * 10;
    }
  }

  static final class Workflows implements CrashWorkflows {
    private final CrashSteps steps;

    Workflows(CrashSteps steps) {
      this.steps = steps;
    }

    @Workflow
    @Override
    public String appendSteps(String logFile, String goFile, int count, int pauseAfter) {
      int sum = 0;
      for (int i = 1; i <= count; i++) {
        sum += steps.append(logFile, i);
        if (i == pauseAfter) {
          waitFor(logFile, Path.of(goFile));
        }
      }
      return "sum=" + sum;
    }

    @Workflow
    @Override
    public String awaitMessage(String logFile, long timeoutMillis) {
      appendLine(logFile, RECEIVING);
      String message = DBOS.recv("crash-topic", Duration.ofMillis(timeoutMillis));
      return "received=" + message;
    }

    /** Not a step: on replay it passes at once, since the test creates the go file first. */
    private static void waitFor(String logFile, Path goFile) {
      if (Files.exists(goFile)) {
        return;
      }
      appendLine(logFile, PAUSED);
      awaitFile(goFile);
    }
  }
}
