package org.dbos4j.internal.cli;

import java.io.PrintWriter;
import org.dbos4j.DBOSClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dbos4j workflow delete ID}. Unlike {@code deleteWorkflow}, which does nothing for an
 * unknown ID, the command reports one (exit code 2): on a command line it is most likely a typo.
 */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description =
        "Deletes a workflow and everything recorded of it: steps, messages, events, streams. Its"
            + " ID may then be used again.")
final class WorkflowDeleteCommand extends ClientCommand {
  @Parameters(paramLabel = "ID", description = "The workflow's ID.")
  String workflowId;

  @Option(names = "--children", description = "Also delete its children, recursively.")
  boolean deleteChildren;

  @Override
  void run(DBOSClient client, PrintWriter out) {
    client.retrieveWorkflow(workflowId); // fails for an unknown ID
    client.deleteWorkflow(workflowId, deleteChildren);
    out.println("Deleted workflow " + workflowId + (deleteChildren ? " and its children." : "."));
  }
}
