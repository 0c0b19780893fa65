package org.dbos4j.internal.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.dbos4j.DBOSClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works on workflows through a {@link DBOSClient}: the same code an application's
 * other processes use, which reads and changes the system database as a launched process does, and
 * never creates or migrates it.
 */
abstract class ClientCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Override
  public final Integer call() {
    try (DBOSClient client = connection.client()) {
      run(client, spec.commandLine().getOut());
    }
    return ExitCodes.OK;
  }

  /**
   * Does the command's work and prints its result.
   *
   * @throws org.dbos4j.DBOSNonExistentWorkflowException if the workflow ID given names none
   */
  abstract void run(DBOSClient client, PrintWriter out);
}
