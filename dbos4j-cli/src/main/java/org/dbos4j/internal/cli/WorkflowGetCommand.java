package org.dbos4j.internal.cli;

import java.io.PrintWriter;
import org.dbos4j.DBOSClient;
import org.dbos4j.WorkflowStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code dbos4j workflow get ID}. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Shows everything recorded of one workflow: its status, input, output or error.",
      "Values of the application's own classes show as the JSON recorded (with the class"
          + " name); with those classes on the classpath, they show as read by them: java -cp"
          + " dbos4j-cli.jar:app.jar org.dbos4j.internal.cli.Main workflow get ID."
    })
final class WorkflowGetCommand extends ClientCommand {
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "ID", description = "The workflow's ID.")
  String workflowId;

  @Override
  void run(DBOSClient client, PrintWriter out) {
    WorkflowStatus status = client.retrieveWorkflow(workflowId).getStatus();
    if (output.json) {
      Json.print(out, WorkflowViews.workflow(status));
    } else {
      Table.printProperties(out, WorkflowViews.workflow(status));
    }
  }
}
