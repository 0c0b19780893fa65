package org.dbos4j.internal.cli;

import java.io.PrintWriter;
import org.dbos4j.DBOSClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code dbos4j workflow cancel ID}. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Cancels a workflow and its unfinished children: they are CANCELLED at once, and a process"
          + " running them stops at their next step. A finished workflow is left as it is.",
      "Prints the state the workflow is left in."
    })
final class WorkflowCancelCommand extends ClientCommand {
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "ID", description = "The workflow's ID.")
  String workflowId;

  @Override
  void run(DBOSClient client, PrintWriter out) {
    client.cancelWorkflow(workflowId);
    WorkflowViews.printOutcome(out, client.retrieveWorkflow(workflowId).getStatus(), output.json);
  }
}
