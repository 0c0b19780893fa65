package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dbos4j.Conditions.awaitTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Workflows that block (in a child's {@code getResult}, {@code recv}, {@code sleep}) never keep
 * other workflows, nor the async calls of code outside workflows, from running: on Java 17 as on
 * Java 21+ (see {@link WorkflowLivenessOnVirtualThreadsTest}).
 */
class WorkflowLivenessTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final long BOUND_SECONDS = 60;

  private final SystemTables tables = new SystemTables(db);

  public interface Family {
    String parent(int n);

    String child(int n);

    String waitForWord();
  }

  static final class FamilyImpl implements Family {
    private Family self;

    @Workflow
    @Override
    public String parent(int n) {
      DBOS.sleep(Duration.ofMillis(300));
      WorkflowHandle<String> child = DBOS.startWorkflow(() -> self.child(n));
      return "parent of " + child.getResult();
    }

    @Workflow
    @Override
    public String child(int n) {
      return "child " + n;
    }

    @Workflow
    @Override
    public String waitForWord() {
      return DBOS.recv("word", Duration.ofMinutes(10));
    }
  }

  private Family launch() {
    DBOS.configure(db.config().build());
    FamilyImpl impl = new FamilyImpl();
    Family family = DBOS.register(Family.class, impl);
    impl.self = family;
    DBOS.launch();
    return family;
  }

  @Test
  void threeHundredParentsThatSleepThenWaitForAChildAllFinish() throws Exception {
    Family family = launch();
    int parents = 300;
    List<WorkflowHandle<String>> handles = new ArrayList<>();
    for (int i = 0; i < parents; i++) {
      int n = i;
      handles.add(DBOS.startWorkflow(() -> family.parent(n)));
    }
    CompletableFuture.allOf(
            handles.stream().map(WorkflowHandle::getResultAsync).toArray(CompletableFuture[]::new))
        .get(BOUND_SECONDS, TimeUnit.SECONDS);
    for (int i = 0; i < parents; i++) {
      assertThat(handles.get(i).getResult()).isEqualTo("parent of child " + i);
    }
  }

  @Test
  void twoThousandRecoveredWaitersDoNotStarveSendsFromMain() throws Exception {
    Family family = launch();
    int waiters = 2_000;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < waiters; i++) {
      String id = "waiter-" + i;
      ids.add(id);
      Messaging.start(id, () -> family.waitForWord());
    }
    // Each recv records its durable deadline once it has looked and found nothing.
    awaitTrue(
        waiters + " recvs wait",
        () ->
            tables.count(
                    "SELECT count(*) FROM dbos.operation_outputs WHERE function_name = ?",
                    "DBOS.sleep")
                == waiters);
    long rssBefore = residentKiB();
    DBOS.shutdown(); // as a crash would, leaves them PENDING

    launch(); // recovers all of them, each parked in recv again
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (String id : ids) {
      sends.add(DBOS.sendAsync(id, "hello " + id, "word"));
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
        .get(BOUND_SECONDS, TimeUnit.SECONDS);
    for (String id : ids) {
      WorkflowHandle<String> h = DBOS.retrieveWorkflow(id);
      assertThat(h.getResultAsync().get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("hello " + id);
    }
    long rssAfter = residentKiB();
    System.out.printf(
        "%s: resident set %d MiB before the restart, %d MiB after %d recovered waiters%n",
        getClass().getSimpleName(), rssBefore / 1024, rssAfter / 1024, waiters);
    // A waiting workflow costs little: far below the 1 MiB a thread's stack may reserve.
    assertThat(rssAfter - rssBefore).isLessThan(waiters * 512L);
  }

  /** The resident set of this JVM (Linux), in KiB. */
  private static long residentKiB() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }
}
