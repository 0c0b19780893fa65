package org.dbos4j.internal.lifecycle;

import com.fasterxml.jackson.databind.JavaType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.dbos4j.DBOSConfig;
import org.dbos4j.DBOSException;
import org.dbos4j.internal.execution.StepRunner;
import org.dbos4j.internal.execution.WorkflowHandles;
import org.dbos4j.internal.execution.WorkflowRecovery;
import org.dbos4j.internal.execution.WorkflowRunner;
import org.dbos4j.internal.execution.WorkflowThreads;
import org.dbos4j.internal.registry.AppVersion;
import org.dbos4j.internal.registry.FunctionRegistry;
import org.dbos4j.internal.serialize.ErrorCodec;
import org.dbos4j.internal.serialize.JsonCodec;
import org.dbos4j.internal.sysdb.OperationOutputsDao;
import org.dbos4j.internal.sysdb.SystemDatabase;
import org.dbos4j.internal.sysdb.WorkflowStatusDao;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Everything that exists between {@code launch()} and {@code shutdown()}. */
final class LaunchedRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LaunchedRuntime.class);
  private static final long SHUTDOWN_GRACE_SECONDS = 10;

  private final SystemDatabase systemDatabase;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final String appVersion;
  private final String executorId;
  private final FunctionRegistry registry;
  private final WorkflowStatusDao statuses;
  final WorkflowRunner workflows;
  final StepRunner steps;
  final WorkflowHandles handles;
  private final JsonCodec codec;

  private LaunchedRuntime(
      SystemDatabase systemDatabase,
      ExecutorService executor,
      boolean ownsExecutor,
      String appVersion,
      String executorId,
      FunctionRegistry registry,
      WorkflowStatusDao statuses,
      WorkflowRunner workflows,
      StepRunner steps,
      WorkflowHandles handles,
      JsonCodec codec) {
    this.codec = codec;
    this.systemDatabase = systemDatabase;
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
    this.appVersion = appVersion;
    this.executorId = executorId;
    this.registry = registry;
    this.statuses = statuses;
    this.workflows = workflows;
    this.steps = steps;
    this.handles = handles;
  }

  static LaunchedRuntime launch(DBOSConfig config, FunctionRegistry registry, JsonCodec codec) {
    if (config.adminPort() != 0) {
      throw new DBOSException(
          "adminPort "
              + config.adminPort()
              + " was requested, but this version of dbos4j has no"
              + " admin server; leave adminPort at 0");
    }
    String url = config.systemDatabaseUrl();
    if (url == null) {
      throw new DBOSException(
          "No system database configured: set DBOSConfig.Builder.systemDatabaseUrl, e.g."
              + " jdbc:postgresql://localhost:5432/"
              + config.appName()
              + "_dbos_sys");
    }
    SystemDatabase sysdb =
        SystemDatabase.open(url, config.user(), config.password(), config.systemDatabasePoolSize());
    boolean ownsExecutor = config.executor() == null;
    ExecutorService executor =
        ownsExecutor ? WorkflowThreads.newDefaultExecutor() : config.executor();
    String appVersion =
        config.appVersion() != null
            ? config.appVersion()
            : AppVersion.of(registry.implementationClasses());
    ErrorCodec errors = new ErrorCodec();
    WorkflowStatusDao statuses = new WorkflowStatusDao(sysdb.dataSource());
    OperationOutputsDao operations = new OperationOutputsDao(sysdb.dataSource());
    WorkflowRunner workflows =
        new WorkflowRunner(
            statuses,
            operations,
            codec,
            errors,
            config.clock(),
            executor,
            config.executorId(),
            appVersion);
    StepRunner steps = new StepRunner(operations, codec, errors, config.clock());
    WorkflowHandles handles = new WorkflowHandles(workflows, registry);
    log.info(
        "DBOS launched: app {} version {} executor {}",
        config.appName(),
        appVersion,
        config.executorId());
    return new LaunchedRuntime(
        sysdb,
        executor,
        ownsExecutor,
        appVersion,
        config.executorId(),
        registry,
        statuses,
        workflows,
        steps,
        handles,
        codec);
  }

  /**
   * Resumes the pending workflows of this executor and version. Called once the runtime is
   * installed, since recovered workflows call back into it from other threads.
   */
  void recoverPending() {
    new WorkflowRecovery(statuses, workflows, registry).recoverPending(executorId, appVersion);
  }

  /** The type an output is read back as when nothing declares it. */
  JavaType objectType() {
    return codec.objectType();
  }

  @Override
  public void close() {
    workflows.close();
    if (ownsExecutor) {
      executor.shutdownNow();
      try {
        if (!executor.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
          log.warn(
              "workflow threads still running after {} s; closing anyway", SHUTDOWN_GRACE_SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    systemDatabase.close();
  }
}
