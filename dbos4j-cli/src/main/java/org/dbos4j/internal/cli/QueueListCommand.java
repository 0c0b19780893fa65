package org.dbos4j.internal.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dbos4j.DBOSClient;
import org.dbos4j.ListWorkflowsInput;
import org.dbos4j.WorkflowStatus;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dbos4j queue list}: the workflows that a queue holds or is running, by queue. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the workflows on queues that have not finished (ENQUEUED, DELAYED or PENDING), by"
          + " queue, oldest first.",
      "--json prints an object with one array of workflows per queue name."
    })
final class QueueListCommand extends ClientCommand {
  @Mixin OutputOptions output;

  @Option(names = "--queue", paramLabel = "QUEUE", description = "Only this queue.")
  @Nullable String queueName;

  @Override
  void run(DBOSClient client, PrintWriter out) {
    ListWorkflowsInput.Builder input =
        ListWorkflowsInput.builder().loadInput(false).loadOutput(false);
    if (queueName != null) {
      input.queueName(queueName);
    }
    Map<String, List<WorkflowStatus>> byQueue = new TreeMap<>();
    for (WorkflowStatus w : client.listQueuedWorkflows(input.build())) {
      byQueue.computeIfAbsent(String.valueOf(w.queueName()), q -> new ArrayList<>()).add(w);
    }
    if (output.json) {
      Map<String, List<ObjectNode>> json = new TreeMap<>();
      byQueue.forEach(
          (queue, workflows) ->
              json.put(queue, workflows.stream().map(WorkflowViews::workflow).toList()));
      Json.print(out, json);
    } else {
      Table table = new Table("QUEUE", "WORKFLOW ID", "STATUS", "NAME", "PRIORITY", "CREATED");
      byQueue.forEach(
          (queue, workflows) ->
              workflows.forEach(
                  w ->
                      table.row(
                          queue,
                          w.workflowId(),
                          w.state(),
                          w.name(),
                          w.priority(),
                          w.createdAt())));
      table.print(out);
    }
  }
}
