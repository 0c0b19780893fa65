package org.dbos4j.internal.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.dbos4j.internal.sysdb.SchemaMigrations;
import org.dbos4j.internal.sysdb.SystemDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dbos4j migrate}: what {@code DBOS.launch()} does to the system database before anything
 * else, and nothing more, so that a deployment can prepare the schema ahead of the application (or
 * for a {@code DBOSClient}, which never migrates).
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Creates the system database if it does not exist and brings its schema to the version of"
          + " this dbos4j, as DBOS.launch() would. Running it again changes nothing."
    })
final class MigrateCommand implements Callable<Integer> {
  /** A migration is a few statements: this is only how long an unreachable server is waited for. */
  private static final Duration OUTAGE_WAIT = Duration.ofSeconds(10);

  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Override
  public Integer call() {
    String url = connection.url();
    String user = connection.user();
    String password = connection.password();
    try (SystemDatabase migrated = SystemDatabase.open(url, user, password, 1, OUTAGE_WAIT)) {
      // open() leaves a schema newer than this dbos4j's as it is; a client's check says so
    }
    try (SystemDatabase checked =
        SystemDatabase.openExisting(url, user, password, 1, OUTAGE_WAIT)) {
      spec.commandLine()
          .getOut()
          .println(
              "System database "
                  + connection.redactedUrl()
                  + " is at schema version "
                  + SchemaMigrations.latestVersion()
                  + ".");
    }
    return ExitCodes.OK;
  }
}
