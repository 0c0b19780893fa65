package org.dbos4j.internal.cli;

import picocli.CommandLine.Command;

/** {@code dbos4j queue ...}. */
@Command(
    name = "queue",
    mixinStandardHelpOptions = true,
    description = "Shows the workflows waiting on or running from queues.",
    subcommands = {QueueListCommand.class})
final class QueueCommand extends CommandGroup {}
