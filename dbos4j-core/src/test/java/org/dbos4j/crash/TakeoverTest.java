package org.dbos4j.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dbos4j.Conditions;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.SystemTables;
import org.dbos4j.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes with the same executor ID on one PostgreSQL database: a process that launches
 * beside a live one never runs the live one's workflows, and once a process is killed the others
 * take its pending workflows over, each workflow by exactly one of them. Steps record every
 * execution, with the process that ran it, in a table.
 */
class TakeoverTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  /** How soon after a kill the survivors must have taken over (the lease expires after 6 s). */
  private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(10);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private SystemTables tables;
  private final List<Process> children = new ArrayList<>();

  @BeforeEach
  void tables() {
    tables = new SystemTables(db);
  }

  @AfterEach
  void killChildren() throws Exception {
    for (Process p : children) {
      ChildJvm.kill(p);
    }
  }

  @Test
  void aSecondProcessRunsNoneOfTheFirstsWorkflowsUntilItDiesThenTakesThemOver() throws Exception {
    int workflows = 20;
    Process first = start("start", workflows);
    awaitRuns("a", workflows, first);

    Process second = start("join", workflows);
    ChildJvm.awaitLine(log("join"), TakeoverWorker.LAUNCHED, second);
    // launch() has claimed whatever it was going to recover: nothing of a live process
    assertThat(runs("a"))
        .as("step a ran once per workflow, all in the first process")
        .hasSize(workflows);
    assertThat(pidsOf(runs("a"))).containsOnly(first.pid());
    assertThat(
            tables.count("SELECT count(*) FROM dbos.workflow_status WHERE recovery_attempts > 1"))
        .isZero();

    ChildJvm.kill(first);
    long killedAt = System.nanoTime();
    Files.createFile(go());
    Conditions.awaitTrue(
        "the second process took the dead one's workflows over",
        TAKEOVER_BOUND,
        () -> runs("b").size() == workflows);
    System.out.printf(
        "takeover: all %d workflows finished step b %d ms after the kill%n",
        workflows, (System.nanoTime() - killedAt) / 1_000_000);
    awaitAllSucceeded(workflows);
    assertThat(runs("a")).as("step a never ran again").hasSize(workflows);
    assertThat(pidsOf(runs("b"))).containsOnly(second.pid());
    assertEachWorkflowRanEachStepOnce(workflows);
  }

  @Test
  void threeProcessesRacingForADeadOnesWorkflowsRunEachOnce() throws Exception {
    int workflows = 100;
    Process first = start("start", workflows);
    awaitRuns("a", workflows, first);
    List<Process> survivors = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Process p = start("join", workflows, "join-" + i);
      survivors.add(p);
    }
    for (int i = 0; i < 3; i++) {
      ChildJvm.awaitLine(log("join-" + i), TakeoverWorker.LAUNCHED, survivors.get(i));
    }
    assertThat(pidsOf(runs("a"))).containsOnly(first.pid());

    ChildJvm.kill(first);
    Files.createFile(go());
    Conditions.awaitTrue(
        "the survivors took the dead process's workflows over",
        TAKEOVER_BOUND.plusSeconds(20),
        () -> runs("b").size() >= workflows);
    awaitAllSucceeded(workflows);
    assertEachWorkflowRanEachStepOnce(workflows);
    assertThat(pidsOf(runs("b")))
        .as("only survivors ran step b")
        .isSubsetOf(survivors.stream().map(Process::pid).toList());
  }

  private Process start(String mode, int workflows) throws Exception {
    return start(mode, workflows, mode);
  }

  private Process start(String mode, int workflows, String name) throws Exception {
    Process p =
        ChildJvm.start(
            TakeoverWorker.class,
            ProcessBuilder.Redirect.to(dir.resolve(name + ".out").toFile()),
            List.of(
                mode,
                db.url(),
                TestPostgres.user(),
                TestPostgres.password(),
                log(name).toString(),
                go().toString(),
                String.valueOf(workflows)));
    children.add(p);
    return p;
  }

  private Path log(String name) {
    return dir.resolve(name + ".log");
  }

  private Path go() {
    return dir.resolve("go");
  }

  private void awaitRuns(String step, int count, Process process) throws Exception {
    ChildJvm.awaitInChild(
        count + " runs of step " + step, process, () -> runsOrNone(step) == count ? true : null);
  }

  private void awaitAllSucceeded(int workflows) throws Exception {
    Conditions.awaitTrue(
        "every workflow succeeded",
        () ->
            tables.count("SELECT count(*) FROM dbos.workflow_status WHERE status = 'SUCCESS'")
                == workflows);
  }

  private void assertEachWorkflowRanEachStepOnce(int workflows) throws Exception {
    Map<String, Integer> perWorkflowAndStep = new HashMap<>();
    for (String step : List.of("a", "b")) {
      for (Run run : runs(step)) {
        perWorkflowAndStep.merge(run.workflow() + "/" + step, 1, Integer::sum);
      }
    }
    assertThat(perWorkflowAndStep).hasSize(2 * workflows);
    assertThat(perWorkflowAndStep.values()).as("executions of each step").containsOnly(1);
  }

  /** One execution of a step. */
  private record Run(String workflow, long pid) {}

  private int runsOrNone(String step) {
    try {
      return runs(step).size();
    } catch (Exception e) {
      return -1; // the child has not created the table yet
    }
  }

  private List<Run> runs(String step) throws Exception {
    try (Connection c = tables.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT workflow, pid FROM " + TakeoverWorker.RUNS + " WHERE step = ?")) {
      ps.setString(1, step);
      try (ResultSet rs = ps.executeQuery()) {
        List<Run> runs = new ArrayList<>();
        while (rs.next()) {
          runs.add(new Run(rs.getString(1), rs.getLong(2)));
        }
        return runs;
      }
    }
  }

  private static List<Long> pidsOf(List<Run> runs) {
    return runs.stream().map(Run::pid).distinct().toList();
  }
}
