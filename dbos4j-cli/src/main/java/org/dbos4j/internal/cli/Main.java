package org.dbos4j.internal.cli;

import picocli.CommandLine;

/** {@code java -jar dbos4j-cli.jar ...}: runs one command and exits with its {@link ExitCodes}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The {@code dbos4j} command with its subcommands, error handling and exit codes. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new DbosCommand());
    cli.setCaseInsensitiveEnumValuesAllowed(true); // --status error reads as ERROR
    cli.setExecutionExceptionHandler(new Failures());
    cli.setParameterExceptionHandler(Failures::usageError);
    documentExitCodes(cli);
    return cli;
  }

  private static void documentExitCodes(CommandLine command) {
    command
        .getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCodes.HELP);
    command.getSubcommands().values().forEach(Main::documentExitCodes);
  }
}
