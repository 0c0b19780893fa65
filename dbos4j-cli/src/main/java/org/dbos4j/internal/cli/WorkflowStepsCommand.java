package org.dbos4j.internal.cli;

import java.io.PrintWriter;
import java.util.List;
import org.dbos4j.DBOSClient;
import org.dbos4j.StepInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code dbos4j workflow steps ID}. */
@Command(
    name = "steps",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the recorded operations of a workflow in step order: its steps, child workflows and"
          + " DBOS.* operations (send, recv, sleep, setEvent, getEvent, getResult).",
      "To re-run a workflow from a step, fork it: dbos4j workflow fork ID --step N."
    })
final class WorkflowStepsCommand extends ClientCommand {
  @Mixin OutputOptions output;

  @Parameters(paramLabel = "ID", description = "The workflow's ID.")
  String workflowId;

  @Override
  void run(DBOSClient client, PrintWriter out) {
    List<StepInfo> steps = client.listWorkflowSteps(workflowId);
    if (output.json) {
      Json.print(out, steps.stream().map(WorkflowViews::step).toList());
    } else {
      WorkflowViews.stepTable(steps).print(out);
    }
  }
}
