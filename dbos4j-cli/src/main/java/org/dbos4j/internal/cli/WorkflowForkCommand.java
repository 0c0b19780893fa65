package org.dbos4j.internal.cli;

import java.io.PrintWriter;
import java.time.Duration;
import org.dbos4j.DBOSClient;
import org.dbos4j.ForkOptions;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dbos4j workflow fork ID --step N}. */
@Command(
    name = "fork",
    mixinStandardHelpOptions = true,
    description = {
      "Records a new workflow that copies the recorded steps of ID below N and runs from step N"
          + " (see dbos4j workflow steps ID). Works on a workflow in any state.",
      "The fork is PENDING until a launched process of the original's executor ID and"
          + " application version (or --app-version) takes it over: at once on PostgreSQL, within"
          + " seconds on SQLite, or when one launches.",
      "Prints the new workflow's ID and state."
    })
final class WorkflowForkCommand extends ClientCommand {
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "ID", description = "The workflow to fork.")
  String workflowId;

  @Option(
      names = "--step",
      required = true,
      paramLabel = "N",
      description = "The step to run from, 1 or more (1 runs the whole workflow again).")
  int startStep;

  @Option(
      names = "--new-id",
      paramLabel = "ID",
      description = "The new workflow's ID (default: a new UUID).")
  @Nullable String forkedWorkflowId;

  @Option(
      names = "--app-version",
      paramLabel = "VERSION",
      description = "Run the fork in processes of this application version.")
  @Nullable String appVersion;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "The fork's timeout, ISO-8601 (PT5M is five minutes).")
  @Nullable Duration timeout;

  @Override
  void run(DBOSClient client, PrintWriter out) {
    ForkOptions.Builder options = ForkOptions.builder();
    if (forkedWorkflowId != null) {
      options.forkedWorkflowId(forkedWorkflowId);
    }
    if (appVersion != null) {
      options.appVersion(appVersion);
    }
    if (timeout != null) {
      options.timeout(timeout);
    }
    WorkflowViews.printOutcome(
        out, client.forkWorkflow(workflowId, startStep, options.build()).getStatus(), output.json);
  }
}
