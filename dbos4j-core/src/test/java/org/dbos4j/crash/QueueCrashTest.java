package org.dbos4j.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * A process killed while its dequeued workflows run and more wait on the queue: after a restart
 * with the same executor ID, the dequeued ones resume from their checkpoints, the rest are
 * dequeued, and each finishes exactly once.
 */
@BothBackends
class QueueCrashTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final int WORKFLOWS = 6;

  private final SystemTables tables = new SystemTables(db);

  @TempDir Path dir;

  @Test
  void dequeuedWorkflowsOfAKilledProcessFinishOnceAfterItsRestart() throws Exception {
    Path log = dir.resolve("steps.log");
    Path go = dir.resolve("go");
    Process first = start("first", WORKFLOWS, log, go);
    ChildJvm.awaitLine(dir.resolve("first.out"), QueueWorker.LAUNCHED, first);
    // Checkpointed, not just logged: a step killed before its checkpoint would run again.
    ChildJvm.awaitInChild(
        "two workflows checkpointed their first step and the rest wait on the queue",
        first,
        () ->
            tables.count(
                            "SELECT count(*) FROM dbos.operation_outputs"
                                + " WHERE function_name = 'start'")
                        == 2
                    && tables.count(
                            "SELECT count(*) FROM dbos.workflow_status WHERE status = 'ENQUEUED'")
                        == WORKFLOWS - 2
                ? true
                : null);
    ChildJvm.kill(first);
    assertThat(tables.count("SELECT count(*) FROM dbos.workflow_status WHERE status = 'PENDING'"))
        .isEqualTo(2);

    Files.createFile(go);
    Process second = start("second", 0, log, go);
    ChildJvm.awaitExit(second, ChildJvm.BOUND, dir.resolve("second.out"));

    List<String> lines = Files.readAllLines(log);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < WORKFLOWS; i++) {
      expected.add("start hold-" + i);
      expected.add("finish hold-" + i);
    }
    assertThat(lines)
        .as("each step of each workflow ran once")
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(tables.count("SELECT count(*) FROM dbos.workflow_status WHERE status = 'SUCCESS'"))
        .isEqualTo(WORKFLOWS);
    assertThat(
            tables.count("SELECT count(*) FROM dbos.workflow_status WHERE recovery_attempts = 2"))
        .as("the two that were running, resumed")
        .isEqualTo(2);
  }

  private Process start(String name, int enqueue, Path log, Path go) throws Exception {
    return ChildJvm.start(
        QueueWorker.class,
        ProcessBuilder.Redirect.to(dir.resolve(name + ".out").toFile()),
        List.of(
            "hold",
            db.url(),
            TestPostgres.user(),
            TestPostgres.password(),
            "queue-crash-executor",
            String.valueOf(enqueue),
            String.valueOf(WORKFLOWS),
            log.toString(),
            go.toString()));
  }
}
