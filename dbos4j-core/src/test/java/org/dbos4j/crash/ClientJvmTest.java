package org.dbos4j.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.BothBackends;
import org.dbos4j.DBOS;
import org.dbos4j.Queue;
import org.dbos4j.StartWorkflowOptions;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.SystemTables;
import org.dbos4j.TestPostgres;
import org.dbos4j.Workflow;
import org.dbos4j.WorkflowHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link org.dbos4j.DBOSClient} in a JVM of its own (so that nothing is shared through static
 * state) enqueues a workflow that this JVM's launched process registered and runs, reads its
 * result, messages a workflow running here and reads the event it sets.
 */
@BothBackends
class ClientJvmTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  static final String QUEUE = "greetings";

  /** Counts the runs of {@code greet} in this JVM. */
  static final AtomicInteger greetings = new AtomicInteger();

  private final SystemTables tables = new SystemTables(db);

  @TempDir Path dir;

  public interface Greeter {
    String greet(String name, long times);

    String waitForWord();
  }

  public static final class GreeterImpl implements Greeter {
    @Workflow
    @Override
    public String greet(String name, long times) {
      greetings.incrementAndGet();
      return ("hello " + name + " ").repeat((int) times).trim();
    }

    @Workflow
    @Override
    public String waitForWord() {
      String word = DBOS.recv("word", Duration.ofMinutes(5));
      DBOS.setEvent("heard", word);
      return "heard " + word;
    }
  }

  @Test
  void aClientInAnotherJvmEnqueuesMessagesAndReadsWorkflowsOfThisOne() throws Exception {
    greetings.set(0);
    DBOS.configure(db.config().build());
    DBOS.registerQueue(Queue.builder(QUEUE).build());
    Greeter greeter = DBOS.register(Greeter.class, new GreeterImpl());
    DBOS.launch();
    WorkflowHandle<String> waiter =
        DBOS.startWorkflow(
            greeter::waitForWord, StartWorkflowOptions.builder().workflowId("waiter").build());

    Path results = dir.resolve("results");
    Path output = dir.resolve("client.out");
    Process client =
        ChildJvm.start(
            ClientJvm.class,
            ProcessBuilder.Redirect.to(output.toFile()),
            List.of(db.url(), TestPostgres.user(), TestPostgres.password(), results.toString()));
    ChildJvm.awaitExit(client, ChildJvm.BOUND, output);

    assertThat(Files.readAllLines(results))
        .containsExactly(
            "result hello world hello world hello world",
            "event hello",
            "waiter heard hello",
            "steps 3",
            "listed 1");
    assertThat(greetings).as("run once, in this JVM").hasValue(1);
    assertThat(tables.status("from-child")).isEqualTo("SUCCESS");
    assertThat(
            tables.string(
                "SELECT executor_id FROM dbos.workflow_status WHERE workflow_uuid = ?",
                "from-child"))
        .isEqualTo("local");
    assertThat(waiter.getResult()).isEqualTo("heard hello");
  }
}
