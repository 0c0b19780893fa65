package org.dbos4j.internal.lifecycle;

import org.dbos4j.DBOSConfig;
import org.dbos4j.DBOSException;
import org.dbos4j.internal.registry.FunctionRegistry;
import org.dbos4j.internal.serialize.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that exists between {@code launch()} and {@code shutdown()}, built from the
 * configuration in two halves: {@link SystemDatabaseServices} and {@link ExecutionServices}. Their
 * {@link Subsystem}s start in order and stop in the reverse order.
 */
final class DBOSRuntime {
  private static final Logger log = LoggerFactory.getLogger(DBOSRuntime.class);

  final SystemDatabaseServices system;
  final ExecutionServices execution;
  private final String appName;
  private final Subsystems subsystems = new Subsystems();

  private DBOSRuntime(DBOSConfig config, FunctionRegistry registry, JsonCodec codec) {
    this.appName = config.appName();
    this.system = new SystemDatabaseServices(config, codec);
    try {
      this.execution = new ExecutionServices(config, registry, system);
    } catch (RuntimeException e) {
      system.close();
      throw e;
    }
    subsystems.addAll(system.subsystems());
    subsystems.addAll(execution.subsystems());
  }

  /** Opens the system database of {@code config} and builds the runtime on it; starts nothing. */
  static DBOSRuntime build(DBOSConfig config, FunctionRegistry registry, JsonCodec codec) {
    if (config.adminPort() != 0) {
      throw new DBOSException(
          "adminPort "
              + config.adminPort()
              + " was requested, but this version of dbos4j has no"
              + " admin server; leave adminPort at 0");
    }
    return new DBOSRuntime(config, registry, codec);
  }

  /**
   * Starts every subsystem in order; the last resumes the pending workflows of this executor, which
   * call back into the runtime, so it must be installed first. If one fails to start, those started
   * stop again.
   *
   * @throws DBOSException naming the subsystem that failed
   */
  void start() {
    subsystems.start();
    log.info(
        "DBOS launched: app {} version {} executor {}",
        appName,
        execution.appVersion,
        execution.executorId);
  }

  /** Stops what started, in the reverse order. */
  void stop() {
    subsystems.stop();
  }
}
