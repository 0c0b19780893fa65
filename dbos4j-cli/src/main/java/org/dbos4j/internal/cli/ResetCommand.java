package org.dbos4j.internal.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dbos4j.internal.sysdb.SystemDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dbos4j reset}: drops the system database as {@code DBOS.resetSystemDatabase()} does. It
 * cannot be undone, so it asks first; {@code --yes} is for scripts, which have no one to ask.
 */
@Command(
    name = "reset",
    mixinStandardHelpOptions = true,
    description = {
      "Drops the system database with all its workflows, steps, messages, events and queues; the"
          + " next launch or migrate creates it empty. On PostgreSQL the whole database is dropped,"
          + " disconnecting whoever is connected to it; on SQLite the file is deleted.",
      "Asks for confirmation on standard input unless --yes is given."
    })
final class ResetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask for confirmation.")
  boolean yes;

  @Override
  public Integer call() throws IOException {
    String url = connection.url();
    if (!yes && !confirmed()) {
      spec.commandLine().getErr().println("dbos4j: reset not confirmed; nothing was dropped.");
      return ExitCodes.FAILURE;
    }
    SystemDatabase.drop(url, connection.user(), connection.password());
    spec.commandLine()
        .getOut()
        .println("Dropped the system database " + connection.redactedUrl() + ".");
    return ExitCodes.OK;
  }

  /** Asks on stderr, so that stdout holds only the result; anything but yes (or no input) is no. */
  private boolean confirmed() throws IOException {
    spec.commandLine()
        .getErr()
        .print(
            "This deletes every workflow of "
                + connection.redactedUrl()
                + " and cannot be undone. Type 'yes' to go on: ");
    spec.commandLine().getErr().flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
    String answer = in.readLine();
    return answer != null && answer.strip().toLowerCase(Locale.ROOT).equals("yes");
  }
}
