package org.dbos4j.internal.cli;

import org.dbos4j.DBOSClient;
import org.dbos4j.DBOSConfig;
import org.dbos4j.internal.db.DatabaseUrls;
import org.dbos4j.internal.lifecycle.EnvironmentVariables;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where the system database is and how to log in, from the command line or else from the same
 * {@code DBOS_*} environment variables as {@link DBOSConfig#fromEnvironment()} reads, so that a
 * shell set up for the application reaches its database without options. The password is best given
 * by variable: an option's value is visible to other users in the process list.
 */
final class ConnectionOptions {
  static final String URL_VARIABLE = EnvironmentVariables.SYSTEM_DATABASE_URL;
  static final String USER_VARIABLE = EnvironmentVariables.DATABASE_USER;
  static final String PASSWORD_VARIABLE = EnvironmentVariables.DATABASE_PASSWORD;
  static final String APP_NAME_VARIABLE = EnvironmentVariables.APP_NAME;
  static final String PASSWORD_OPTION = "--password";

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--url",
      paramLabel = "JDBC_URL",
      description = {
        "System database: jdbc:postgresql://host[:port]/database or jdbc:sqlite:<file>.",
        "Default: $" + URL_VARIABLE + ", else the SQLite file of $" + APP_NAME_VARIABLE + "."
      })
  @Nullable String url;

  @Option(
      names = "--user",
      paramLabel = "USER",
      description = "Database user. Default: $" + USER_VARIABLE + ".")
  @Nullable String user;

  @Option(
      names = PASSWORD_OPTION,
      paramLabel = "PASSWORD",
      description =
          "Database password. Default: $" + PASSWORD_VARIABLE + " (safer: not shown by ps).")
  @Nullable String password;

  /** The system database's JDBC URL; a usage error when neither option nor variable gives one. */
  String url() {
    String given = orVariable(url, URL_VARIABLE);
    if (given != null) {
      return given;
    }
    String appName = variable(APP_NAME_VARIABLE);
    if (appName != null) {
      return DBOSConfig.builder().appName(appName).build().systemDatabaseUrl();
    }
    throw new ParameterException(
        command.commandLine(),
        "No system database given: use --url JDBC_URL or set "
            + URL_VARIABLE
            + " (or "
            + APP_NAME_VARIABLE
            + " for the application's default SQLite file)");
  }

  @Nullable String user() {
    return orVariable(user, USER_VARIABLE);
  }

  @Nullable String password() {
    return orVariable(password, PASSWORD_VARIABLE);
  }

  /** A client of the system database; it connects once, here, and fails naming the URL. */
  DBOSClient client() {
    DBOSClient.Builder builder = DBOSClient.builder().systemDatabaseUrl(url());
    String user = user();
    if (user != null) {
      builder.user(user);
    }
    String password = password();
    if (password != null) {
      builder.password(password);
    }
    return builder.build();
  }

  /** The URL as messages show it, with any password parameter masked. */
  String redactedUrl() {
    return DatabaseUrls.redact(url());
  }

  private static @Nullable String orVariable(@Nullable String option, String variable) {
    return option != null && !option.isBlank() ? option : variable(variable);
  }

  /** As {@code DBOSConfig.fromEnvironment()} reads it. */
  private static @Nullable String variable(String name) {
    return EnvironmentVariables.value(System.getenv(), name);
  }
}
