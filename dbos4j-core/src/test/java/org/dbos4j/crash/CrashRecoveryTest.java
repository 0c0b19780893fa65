package org.dbos4j.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dbos4j.BothBackends;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.SystemTables;
import org.dbos4j.TestPostgres;
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

  private final SystemTables tables = new SystemTables(db);

  @TempDir Path dir;

  @Test
  void workflowKilledBetweenStepsResumesAndRunsEachStepOnce() throws Exception {
    Path log = dir.resolve("steps.log");
    Path go = dir.resolve("go");
    String workflowId = "crash-wf-1";

    Process first = startWorker("run", workflowId, log, go);
    ChildJvm.awaitLine(log, CrashWorker.PAUSED, first);
    ChildJvm.kill(first);
    assertThat(Files.readAllLines(log)).containsExactly("step-1", "step-2", "step-3", "paused");
    assertThat(tables.status(workflowId)).isEqualTo("PENDING");

    Files.createFile(go);
    Process second = startWorker("recover", workflowId, log, go);
    ChildJvm.awaitExit(second, Duration.ofSeconds(120), output("recover"));
    String output = Files.readString(output("recover"));

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
    assertThat(tables.status(workflowId)).isEqualTo("SUCCESS");
  }

  @Test
  void recvKilledMidWaitEndsAtTheOriginalDeadlineAfterRestart() throws Exception {
    Path log = dir.resolve("recv.log");
    String workflowId = "crash-recv-1";
    long timeoutMillis = 10_000;

    Process first = startWorker("recv", workflowId, log, dir.resolve("unused"), timeoutMillis, 0);
    ChildJvm.awaitLine(log, CrashWorker.RECEIVING, first);
    long deadline =
        Long.parseLong(
            ChildJvm.awaitInChild(
                "the recv recorded its deadline",
                first,
                () -> recordedOutput(workflowId, "DBOS.sleep")));
    ChildJvm.kill(first);
    assertThat(tables.status(workflowId)).isEqualTo("PENDING");

    // The restarted JVM's clock runs 3 s ahead, as if it restarted 3 s into the wait, however
    // fast it really restarts.
    Process second =
        startWorker("recover", workflowId, log, dir.resolve("unused"), timeoutMillis, 3_000);
    ChildJvm.awaitExit(second, ChildJvm.BOUND, output("recover"));
    String output = Files.readString(output("recover"));
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
   * Starts a child JVM, its output to {@link #output}; {@code steps} is the timeout in {@code recv}
   * mode, and DBOS's clock there runs {@code clockAheadMillis} ahead of the system's.
   */
  private Process startWorker(
      String mode, String workflowId, Path log, Path go, long steps, long clockAheadMillis)
      throws Exception {
    return ChildJvm.start(
        CrashWorker.class,
        ProcessBuilder.Redirect.to(output(mode).toFile()),
        List.of(
            mode,
            db.url(),
            TestPostgres.user(),
            TestPostgres.password(),
            workflowId,
            log.toString(),
            go.toString(),
            String.valueOf(steps),
            String.valueOf(PAUSE_AFTER),
            String.valueOf(clockAheadMillis)));
  }

  /** Where the output of the child JVM of {@code mode} goes. */
  private Path output(String mode) {
    return dir.resolve(mode + ".out");
  }

  private String recordedOutput(String workflowId, String functionName) throws Exception {
    return tables.string(
        "SELECT output FROM dbos.operation_outputs WHERE workflow_uuid = ? AND function_name = ?",
        workflowId,
        functionName);
  }

  private long completedAt(String workflowId) throws Exception {
    return Long.parseLong(
        tables.string(
            "SELECT CAST(completed_at AS TEXT) FROM dbos.workflow_status WHERE workflow_uuid = ?",
            workflowId));
  }
}
