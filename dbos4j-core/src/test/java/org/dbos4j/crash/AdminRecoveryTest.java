package org.dbos4j.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dbos4j.AdminHttp;
import org.dbos4j.BothBackends;
import org.dbos4j.Conditions;
import org.dbos4j.DBOS;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.SystemTables;
import org.dbos4j.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /dbos-workflow-recovery} across processes: an executor's process is killed with its
 * workflows PENDING; two live processes of other executors (this JVM and a child JVM) are asked at
 * the same moment to recover it. Until the dead process's lease is gone they take nothing; then
 * each workflow is taken by exactly one of them, which is the one that runs its remaining step, and
 * no step runs twice. The steps record every execution, with its process, in a file.
 */
@BothBackends
class AdminRecoveryTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final int WORKFLOWS = 10;
  private static final String DOOMED = "doomed-executor";

  /** The lease of a killed process expires after 6 s and is removed by a live one's renewal. */
  private static final Duration LEASE_GONE_BOUND = Duration.ofSeconds(30);

  private final SystemTables tables = new SystemTables(db);
  private final List<Process> children = new ArrayList<>();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @AfterEach
  void killChildren() throws Exception {
    for (Process p : children) {
      if (p.isAlive()) {
        ChildJvm.kill(p);
      }
    }
  }

  @Test
  void twoProcessesAskedToRecoverADeadExecutorEachRunADisjointShareOnce() throws Exception {
    Process doomed = start("doomed", DOOMED, 0);
    ChildJvm.awaitInChild(
        "step a of every workflow ran", doomed, () -> runs("a").size() == WORKFLOWS ? true : null);
    int childPort = AdminHttp.freePort();
    Process rescuer = start("rescuer", "rescuer-child", childPort);
    int ownPort = AdminHttp.freePort();
    while (ownPort == childPort) {
      ownPort = AdminHttp.freePort();
    }
    DBOS.configure(db.config().executorId("rescuer-test-jvm").adminPort(ownPort).build());
    DBOS.register(HandoverWorkflows.class, new AdminRecoveryWorker.Workflows());
    DBOS.launch();
    ChildJvm.awaitLine(runsFile(), AdminRecoveryWorker.LAUNCHED, rescuer);
    AdminHttp own = new AdminHttp(ownPort);
    AdminHttp child = new AdminHttp(childPort);

    assertThat(recover(own)).as("nothing of a live process is taken").isEmpty();
    assertThat(recover(child)).as("nothing of a live process is taken").isEmpty();
    ChildJvm.kill(doomed);
    Conditions.awaitTrue(
        "the killed process's lease is gone",
        LEASE_GONE_BOUND,
        () ->
            tables.count("SELECT count(*) FROM dbos.dbos4j_processes WHERE executor_id = ?", DOOMED)
                == 0);
    List<List<String>> taken = recoverAtOnce(own, child);
    Files.createFile(go());

    Set<String> all = new HashSet<>();
    for (int i = 1; i <= WORKFLOWS; i++) {
      all.add(AdminRecoveryWorker.workflowId(i));
    }
    List<String> byThisJvm = taken.get(0);
    List<String> byChild = taken.get(1);
    System.out.printf(
        "admin recovery: this JVM took %d, the child JVM %d%n", byThisJvm.size(), byChild.size());
    assertThat(byThisJvm).doesNotHaveDuplicates();
    assertThat(byChild).doesNotHaveDuplicates();
    assertThat(Collections.disjoint(byThisJvm, byChild)).as("taken by both: none").isTrue();
    assertThat(union(byThisJvm, byChild)).isEqualTo(all);
    Conditions.awaitTrue(
        "every workflow succeeded",
        Duration.ofSeconds(60),
        () ->
            tables.count("SELECT count(*) FROM dbos.workflow_status WHERE status = 'SUCCESS'")
                == WORKFLOWS);
    Map<String, Long> ranB = new HashMap<>();
    for (Run run : runs("b")) {
      assertThat(ranB.put(run.workflow(), run.pid())).as("step b of " + run.workflow()).isNull();
    }
    assertThat(runs("a")).as("step a never ran again").hasSize(WORKFLOWS);
    for (String id : byThisJvm) {
      assertThat(ranB.get(id)).as(id).isEqualTo(ProcessHandle.current().pid());
      assertThat(executorOf(id)).isEqualTo("rescuer-test-jvm");
    }
    for (String id : byChild) {
      assertThat(ranB.get(id)).as(id).isEqualTo(rescuer.pid());
      assertThat(executorOf(id)).isEqualTo("rescuer-child");
    }
    assertThat(recover(own)).as("nothing is left to take").isEmpty();
  }

  /** Both processes asked at the same moment; their answers, in the order of {@code servers}. */
  private static List<List<String>> recoverAtOnce(AdminHttp... servers) throws Exception {
    CountDownLatch ready = new CountDownLatch(servers.length);
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<List<String>>> answers = new ArrayList<>();
    for (AdminHttp server : servers) {
      answers.add(
          CompletableFuture.supplyAsync(
              () -> {
                ready.countDown();
                try {
                  assertThat(go.await(30, TimeUnit.SECONDS)).isTrue();
                  return recover(server);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              runnable -> new Thread(runnable).start()));
    }
    assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
    go.countDown();
    List<List<String>> out = new ArrayList<>();
    for (CompletableFuture<List<String>> a : answers) {
      out.add(a.get(60, TimeUnit.SECONDS));
    }
    return out;
  }

  private static List<String> recover(AdminHttp server) throws Exception {
    AdminHttp.Reply r = server.post("/dbos-workflow-recovery", "[\"" + DOOMED + "\"]");
    assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (JsonNode id : r.json()) {
      ids.add(id.asText());
    }
    return ids;
  }

  private static Set<String> union(List<String> a, List<String> b) {
    Set<String> u = new HashSet<>(a);
    u.addAll(b);
    return u;
  }

  private String executorOf(String workflowId) throws Exception {
    return tables.string(
        "SELECT executor_id FROM dbos.workflow_status WHERE workflow_uuid = ?", workflowId);
  }

  private Process start(String mode, String executorId, int adminPort) throws Exception {
    Process p =
        ChildJvm.start(
            AdminRecoveryWorker.class,
            ProcessBuilder.Redirect.to(dir.resolve(executorId + ".out").toFile()),
            List.of(
                mode,
                db.url(),
                TestPostgres.user(),
                TestPostgres.password(),
                executorId,
                String.valueOf(adminPort),
                runsFile().toString(),
                go().toString(),
                String.valueOf(WORKFLOWS)));
    children.add(p);
    return p;
  }

  private Path runsFile() {
    return dir.resolve("runs");
  }

  private Path go() {
    return dir.resolve("go");
  }

  /** One execution of a step. */
  private record Run(String workflow, long pid) {}

  private List<Run> runs(String step) throws Exception {
    List<Run> runs = new ArrayList<>();
    if (!Files.exists(runsFile())) {
      return runs;
    }
    for (String line : Files.readAllLines(runsFile())) {
      String[] parts = line.split(" ");
      if (parts.length == 3 && parts[1].equals(step)) {
        runs.add(new Run(parts[0], Long.parseLong(parts[2])));
      }
    }
    return runs;
  }
}
