package org.dbos4j.crash;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dbos4j.DBOSClient;
import org.dbos4j.EnqueueOptions;
import org.dbos4j.ListWorkflowsInput;
import org.dbos4j.WorkflowHandle;

/**
 * The child JVM of {@link ClientJvmTest}: a process that only has a {@link DBOSClient}, never
 * configures or launches DBOS, and works with the workflows of the test's JVM through the system
 * database. It writes what it saw to its result file, one line each, and exits.
 *
 * <p>Arguments: system database URL, user, password, result file.
 */
public final class ClientJvm {
  private ClientJvm() {}

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args[3]);
    List<String> lines = new ArrayList<>();
    try (DBOSClient client =
        DBOSClient.builder().systemDatabaseUrl(args[0]).user(args[1]).password(args[2]).build()) {
      WorkflowHandle<String> greeting =
          client.enqueue(
              EnqueueOptions.builder("GreeterImpl.greet", ClientJvmTest.QUEUE)
                  .workflowId("from-child")
                  .className(ClientJvmTest.GreeterImpl.class.getName())
                  .build(),
              "world",
              3L);
      lines.add("result " + greeting.getResult());

      client.send("waiter", "hello", "word");
      String event = client.getEvent("waiter", "heard", Duration.ofSeconds(60));
      lines.add("event " + event);
      lines.add("waiter " + client.retrieveWorkflow("waiter").getResult());

      lines.add("steps " + client.listWorkflowSteps("waiter").size());
      lines.add(
          "listed "
              + client
                  .listWorkflows(
                      ListWorkflowsInput.builder().queueName(ClientJvmTest.QUEUE).build())
                  .size());
    }
    Files.write(results, lines);
  }
}
