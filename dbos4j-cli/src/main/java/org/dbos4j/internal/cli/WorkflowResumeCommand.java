package org.dbos4j.internal.cli;

import java.io.PrintWriter;
import org.dbos4j.DBOSClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code dbos4j workflow resume ID}. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Resumes a CANCELLED or MAX_RECOVERY_ATTEMPTS_EXCEEDED workflow from its last recorded step."
          + " A queued one is ENQUEUED again for a process that runs its queue; another is"
          + " PENDING until a launched process of its executor ID and application version takes"
          + " it over (at once on PostgreSQL, within seconds on SQLite). Other states are"
          + " left as they are.",
      "Prints the state the workflow is left in."
    })
final class WorkflowResumeCommand extends ClientCommand {
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "ID", description = "The workflow's ID.")
  String workflowId;

  @Override
  void run(DBOSClient client, PrintWriter out) {
    WorkflowViews.printOutcome(out, client.resumeWorkflow(workflowId).getStatus(), output.json);
  }
}
