package org.dbos4j.internal.cli;

import picocli.CommandLine.Command;

/** {@code dbos4j workflow ...}. */
@Command(
    name = "workflow",
    mixinStandardHelpOptions = true,
    description = "Lists, inspects, cancels, resumes, forks and deletes workflows.",
    subcommands = {
      WorkflowListCommand.class,
      WorkflowGetCommand.class,
      WorkflowStepsCommand.class,
      WorkflowCancelCommand.class,
      WorkflowResumeCommand.class,
      WorkflowForkCommand.class,
      WorkflowDeleteCommand.class
    })
final class WorkflowCommand extends CommandGroup {}
