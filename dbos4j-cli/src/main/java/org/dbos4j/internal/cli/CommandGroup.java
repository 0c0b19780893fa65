package org.dbos4j.internal.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups others ({@code dbos4j}, {@code workflow}, {@code queue}). */
abstract class CommandGroup implements Runnable {
  @Spec CommandSpec spec;

  /** Named alone, a group is a usage error that lists what may follow it. */
  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "Missing a command after '"
            + spec.qualifiedName()
            + "': one of "
            + String.join(", ", spec.subcommands().keySet()));
  }
}
