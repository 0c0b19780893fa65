package org.dbos4j.internal.lifecycle;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code DBOS_*} environment variables that both {@code DBOSConfig.fromEnvironment()} and the
 * command line read, and the one rule they read them by: an empty or blank variable counts as
 * unset.
 */
public final class EnvironmentVariables {
  public static final String APP_NAME = "DBOS_APP_NAME";
  public static final String SYSTEM_DATABASE_URL = "DBOS_SYSTEM_DATABASE_URL";
  public static final String DATABASE_USER = "DBOS_DATABASE_USER";
  public static final String DATABASE_PASSWORD = "DBOS_DATABASE_PASSWORD";

  private EnvironmentVariables() {}

  /** The value of {@code name} in {@code env}, or null if it is unset, empty or blank. */
  public static @Nullable String value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value;
  }
}
