package org.dbos4j.internal.lifecycle;

import java.time.Clock;
import java.time.Duration;
import org.dbos4j.DBOSConfig;
import org.dbos4j.internal.db.DatabaseUrls;
import org.dbos4j.internal.sysdb.SystemDatabase;
import org.jspecify.annotations.Nullable;

/**
 * What {@link SystemDatabaseServices} are built from: the part of a launched process's {@link
 * DBOSConfig} that concerns the system database, or a client's settings.
 *
 * @param createAndMigrate whether opening creates the database and migrates its schema (a launched
 *     process), or requires both to be there already (a client)
 */
record SystemDatabaseSettings(
    String url,
    @Nullable String user,
    @Nullable String password,
    int poolSize,
    Duration outageTimeout,
    Duration fallbackPollInterval,
    Clock clock,
    boolean createAndMigrate) {

  /** The settings of a launched process. */
  static SystemDatabaseSettings of(DBOSConfig config) {
    return new SystemDatabaseSettings(
        config.systemDatabaseUrl(),
        config.user(),
        config.password(),
        config.systemDatabasePoolSize(),
        config.systemDatabaseOutageTimeout(),
        config.fallbackPollInterval(),
        config.clock(),
        true);
  }

  /** Opens the system database as these settings say. */
  SystemDatabase open() {
    return createAndMigrate
        ? SystemDatabase.open(url, user, password, poolSize, outageTimeout)
        : SystemDatabase.openExisting(url, user, password, poolSize, outageTimeout);
  }

  /** Never shows the password, as a record's generated {@code toString} would. */
  @Override
  public String toString() {
    return "SystemDatabaseSettings[" + DatabaseUrls.redact(url) + "]";
  }
}
