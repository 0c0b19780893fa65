package org.dbos4j.internal.lifecycle;

import java.net.InetSocketAddress;
import org.dbos4j.DBOSConfig;
import org.dbos4j.DBOSException;
import org.dbos4j.internal.admin.AdminEndpoints;
import org.dbos4j.internal.admin.AdminServer;
import org.dbos4j.internal.registry.FunctionRegistry;
import org.dbos4j.internal.serialize.JsonCodec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that exists between {@code launch()} and {@code shutdown()}, built from the
 * configuration in two halves: {@link SystemDatabaseServices} and {@link ExecutionServices}, and
 * the admin server on top when {@code adminPort} is set. Their {@link Subsystem}s start in order
 * and stop in the reverse order.
 */
final class DBOSRuntime {
  private static final Logger log = LoggerFactory.getLogger(DBOSRuntime.class);

  final SystemDatabaseServices system;
  final ExecutionServices execution;
  private final String appName;
  private final Subsystems subsystems = new Subsystems();
  private final @Nullable AdminServer admin;

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
    this.admin = config.adminPort() == 0 ? null : adminServer(config, execution);
    if (admin != null) {
      // Last in, first out: it answers once everything it calls runs, and stops before any of it.
      subsystems.add(
          Subsystem.of(
              "the admin server on " + config.adminHost() + ":" + config.adminPort(),
              admin::start,
              admin::stop));
    }
  }

  private static AdminServer adminServer(DBOSConfig config, ExecutionServices x) {
    return new AdminServer(
        config.adminHost(),
        config.adminPort(),
        config.adminToken(),
        new AdminEndpoints(
            x.management,
            x.cancellation,
            x.resumption,
            x.recovery,
            // DBOS.forkWorkflow's own code: recorded, then run here if this version runs it
            (id, step, options) -> x.fork(id, step, options).workflowId()));
  }

  /** Opens the system database of {@code config} and builds the runtime on it; starts nothing. */
  static DBOSRuntime build(DBOSConfig config, FunctionRegistry registry, JsonCodec codec) {
    return new DBOSRuntime(config, registry, codec);
  }

  /** The admin server's address while it runs; null without one. */
  @Nullable InetSocketAddress adminAddress() {
    return admin == null ? null : admin.address();
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
