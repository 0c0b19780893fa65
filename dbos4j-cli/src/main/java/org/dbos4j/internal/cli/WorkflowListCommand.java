package org.dbos4j.internal.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.dbos4j.DBOSClient;
import org.dbos4j.ListWorkflowsInput;
import org.dbos4j.WorkflowState;
import org.dbos4j.WorkflowStatus;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dbos4j workflow list}: the filters of {@link ListWorkflowsInput}, as options. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Lists workflows, oldest first (--desc: newest first). Filters combine with AND.",
      "The table leaves out inputs and outputs; --json has them with --load-input and"
          + " --load-output."
    })
final class WorkflowListCommand extends ClientCommand {
  @Mixin OutputOptions output;

  @Option(
      names = {"-s", "--status"},
      split = ",",
      paramLabel = "STATE",
      description = "Only these states (comma-separated): ${COMPLETION-CANDIDATES}.")
  @Nullable List<WorkflowState> states;

  @Option(names = "--id", split = ",", paramLabel = "ID", description = "Only these IDs.")
  @Nullable List<String> workflowIds;

  @Option(names = "--prefix", paramLabel = "PREFIX", description = "Only IDs starting so.")
  @Nullable String workflowIdPrefix;

  @Option(names = "--name", paramLabel = "NAME", description = "Only this workflow name.")
  @Nullable String name;

  @Option(names = "--queue", paramLabel = "QUEUE", description = "Only workflows of this queue.")
  @Nullable String queueName;

  @Option(
      names = "--authenticated-user",
      paramLabel = "USER",
      description = "Only workflows this user started.")
  @Nullable String authenticatedUser;

  @Option(names = "--app-version", paramLabel = "VERSION", description = "Only this version.")
  @Nullable String appVersion;

  @Option(names = "--executor", paramLabel = "EXECUTOR_ID", description = "Only this executor.")
  @Nullable String executorId;

  @Option(names = "--parent", paramLabel = "ID", description = "Only children of this workflow.")
  @Nullable String parentWorkflowId;

  @Option(names = "--forked-from", paramLabel = "ID", description = "Only forks of this one.")
  @Nullable String forkedFrom;

  @Option(
      names = "--created-after",
      paramLabel = "INSTANT",
      description = "Only created at or after this time, e.g. 2026-12-04T10:00:00Z.")
  @Nullable Instant createdAfter;

  @Option(
      names = "--created-before",
      paramLabel = "INSTANT",
      description = "Only created at or before this time.")
  @Nullable Instant createdBefore;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "100",
      description = "At most N workflows (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--offset",
      paramLabel = "N",
      defaultValue = "0",
      description = "Skip the first N matches.")
  int offset;

  @Option(names = "--desc", description = "Newest first.")
  boolean sortDescending;

  @Option(names = "--load-input", description = "Read each workflow's input (for --json).")
  boolean loadInput;

  @Option(names = "--load-output", description = "Read each output and error (for --json).")
  boolean loadOutput;

  @Override
  void run(DBOSClient client, PrintWriter out) {
    List<WorkflowStatus> workflows = client.listWorkflows(input());
    if (output.json) {
      Json.print(out, workflows.stream().map(WorkflowViews::workflow).toList());
    } else {
      Table table = WorkflowViews.workflowTable();
      workflows.forEach(w -> WorkflowViews.addRow(table, w));
      table.print(out);
    }
  }

  private ListWorkflowsInput input() {
    ListWorkflowsInput.Builder b =
        ListWorkflowsInput.builder()
            .limit(limit)
            .offset(offset)
            .sortDescending(sortDescending)
            .loadInput(loadInput)
            .loadOutput(loadOutput);
    ifGiven(states, b::states);
    ifGiven(workflowIds, b::workflowIds);
    ifGiven(workflowIdPrefix, b::workflowIdPrefix);
    ifGiven(name, b::name);
    ifGiven(queueName, b::queueName);
    ifGiven(authenticatedUser, b::authenticatedUser);
    ifGiven(appVersion, b::appVersion);
    ifGiven(executorId, b::executorId);
    ifGiven(parentWorkflowId, b::parentWorkflowId);
    ifGiven(forkedFrom, b::forkedFrom);
    ifGiven(createdAfter, b::createdAfter);
    ifGiven(createdBefore, b::createdBefore);
    return b.build();
  }

  private static <T> void ifGiven(@Nullable T value, Consumer<T> filter) {
    if (value != null) {
      filter.accept(value);
    }
  }
}
