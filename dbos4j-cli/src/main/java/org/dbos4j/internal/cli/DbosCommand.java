package org.dbos4j.internal.cli;

import org.dbos4j.internal.sysdb.SchemaMigrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;

/** {@code dbos4j}: the root of the commands. */
@Command(
    name = "dbos4j",
    mixinStandardHelpOptions = true,
    versionProvider = DbosCommand.Version.class,
    description = "Operates the durable workflows of a dbos4j system database.",
    subcommands = {
      WorkflowCommand.class,
      QueueCommand.class,
      MigrateCommand.class,
      ResetCommand.class,
      HelpCommand.class
    },
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  " + ConnectionOptions.URL_VARIABLE + "  system database JDBC URL (--url)",
      "  " + ConnectionOptions.USER_VARIABLE + "        database user (--user)",
      "  " + ConnectionOptions.PASSWORD_VARIABLE + "    database password (--password)",
      "  "
          + ConnectionOptions.APP_NAME_VARIABLE
          + "             without a URL: the SQLite file"
          + " <name>.sqlite"
    })
final class DbosCommand extends CommandGroup {

  /** This build's version and the schema version it migrates system databases to. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {
        "dbos4j "
            + (version != null ? version : "(unpackaged)")
            + ", system database schema version "
            + SchemaMigrations.latestVersion()
      };
    }
  }
}
