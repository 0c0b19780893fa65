package org.dbos4j.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.dbos4j.BothBackends;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.TestPostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real child JVM with SIGKILL between two steps of a workflow, restarts it, and checks from
 * the steps' own side effects that every completed step ran exactly once and the workflow finished
 * with the right result.
 */
@BothBackends
class CrashRecoveryTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final int STEPS = 6;
  private static final int PAUSE_AFTER = 3;

  @TempDir Path dir;

  @Test
  void workflowKilledBetweenStepsResumesAndRunsEachStepOnce() throws Exception {
    Path log = dir.resolve("steps.log");
    Path go = dir.resolve("go");
    String workflowId = "crash-wf-1";

    Process first = startWorker("run", workflowId, log, go);
    awaitLine(log, CrashWorker.PAUSED, first);
    first.destroyForcibly(); // SIGKILL on Unix
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isNotZero();
    assertThat(Files.readAllLines(log)).containsExactly("step-1", "step-2", "step-3", "paused");
    assertThat(status(workflowId)).isEqualTo("PENDING");

    Files.createFile(go);
    Process second = startWorker("recover", workflowId, log, go);
    boolean finished = second.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      second.destroyForcibly();
    }
    assertThat(finished).as("recovering JVM finished").isTrue();
    String output = new String(second.getInputStream().readAllBytes());
    assertThat(second.exitValue()).as(output).isZero();

    int expectedSum = 0;
    List<String> expectedLines = new ArrayList<>();
    for (int i = 1; i <= STEPS; i++) {
      expectedSum += i * 10;
      expectedLines.add("step-" + i);
      if (i == PAUSE_AFTER) {
        expectedLines.add(CrashWorker.PAUSED);
      }
    }
    assertThat(output).contains("RESULT sum=" + expectedSum);
    assertThat(Files.readAllLines(log)).containsExactlyElementsOf(expectedLines);
    assertThat(status(workflowId)).isEqualTo("SUCCESS");
  }

  @Test
  void recvKilledMidWaitEndsAtTheOriginalDeadlineAfterRestart() throws Exception {
    Path log = dir.resolve("recv.log");
    String workflowId = "crash-recv-1";
    long timeoutMillis = 10_000;

    Process first = startWorker("recv", workflowId, log, dir.resolve("unused"), timeoutMillis, 0);
    awaitLine(log, CrashWorker.RECEIVING, first);
    long deadline =
        Long.parseLong(
            awaitInChild(
                "the recv recorded its deadline",
                first,
                () -> recordedOutput(workflowId, "DBOS.sleep")));
    first.destroyForcibly(); // SIGKILL on Unix
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(status(workflowId)).isEqualTo("PENDING");

    // The restarted JVM's clock runs 3 s ahead, as if it restarted 3 s into the wait, however
    // fast it really restarts.
    Process second =
        startWorker("recover", workflowId, log, dir.resolve("unused"), timeoutMillis, 3_000);
    boolean finished = second.waitFor(60, TimeUnit.SECONDS);
    if (!finished) {
      second.destroyForcibly();
    }
    assertThat(finished).as("recovering JVM finished").isTrue();
    String output = new String(second.getInputStream().readAllBytes());
    assertThat(second.exitValue()).as(output).isZero();
    assertThat(output).contains("RESULT received=null");
    // A fresh 10 s timeout from the restart would end at least 3 s after the original deadline.
    long completedAt = completedAt(workflowId);
    assertThat(completedAt).isBetween(deadline, deadline + 2_000);
    assertThat(recordedOutput(workflowId, "DBOS.recv")).isNull();
  }

  private Process startWorker(String mode, String workflowId, Path log, Path go) throws Exception {
    return startWorker(mode, workflowId, log, go, STEPS, 0);
  }

  /**
   * Starts a child JVM; {@code steps} is the timeout in {@code recv} mode, and DBOS's clock there
   * runs {@code clockAheadMillis} ahead of the system's.
   */
  private Process startWorker(
      String mode, String workflowId, Path log, Path go, long steps, long clockAheadMillis)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            CrashWorker.class.getName(),
            mode,
            db.url(),
            TestPostgres.user(),
            TestPostgres.password(),
            workflowId,
            log.toString(),
            go.toString(),
            String.valueOf(steps),
            String.valueOf(PAUSE_AFTER),
            String.valueOf(clockAheadMillis));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(
            mode.equals("recover")
                ? ProcessBuilder.Redirect.PIPE
                : ProcessBuilder.Redirect.to(new File(dir.toFile(), mode + ".out")))
        .start();
  }

  private static void awaitLine(Path file, String line, Process process) throws Exception {
    awaitInChild(
        "child JVM wrote '" + line + "'",
        process,
        () -> Files.exists(file) && Files.readAllLines(file).contains(line) ? line : null);
  }

  /** Polls {@code poll} until it answers non-null, failing if the child JVM exits first. */
  private static <T> T awaitInChild(String what, Process process, Callable<@Nullable T> poll)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      T answer = poll.call();
      if (answer != null) {
        return answer;
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "child JVM exited early with " + process.exitValue() + ", before: " + what);
      }
      Thread.sleep(20);
    }
    process.destroyForcibly();
    throw new AssertionError("timed out waiting until " + what);
  }

  private String recordedOutput(String workflowId, String functionName) throws Exception {
    return queryString(
        "SELECT output FROM dbos.operation_outputs WHERE workflow_uuid = ? AND function_name = ?",
        workflowId,
        functionName);
  }

  private long completedAt(String workflowId) throws Exception {
    return Long.parseLong(
        queryString(
            "SELECT CAST(completed_at AS TEXT) FROM dbos.workflow_status WHERE workflow_uuid = ?",
            workflowId));
  }

  private String status(String workflowId) throws Exception {
    return queryString(
        "SELECT status FROM dbos.workflow_status WHERE workflow_uuid = ?", workflowId);
  }

  private String queryString(String sql, String... params) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
