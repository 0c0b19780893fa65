package org.dbos4j.internal.cli;

import picocli.CommandLine.Command;

/** {@code dbos4j workflow ...}. */
@Command(
    name = "workflow",
    mixinStandardHelpOptions = true,
    description = "Lists, inspects, cancels, resumes, forks and deletes workflows.",
    subcommands = {
      WorkflowGetCommand.class,
      WorkflowCancelCommand.class,
      WorkflowResumeCommand.class
    })
final class WorkflowCommand extends CommandGroup {}
