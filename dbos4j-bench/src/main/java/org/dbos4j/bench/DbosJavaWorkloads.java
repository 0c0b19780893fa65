package org.dbos4j.bench;

import dev.dbos.transact.DBOS;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.workflow.Step;
import dev.dbos.transact.workflow.Workflow;

/**
 * The benchmark workflows on DBOS Transact for Java. Its 1.1 API is instance based, so its instance
 * runs in the same JVM as the process-wide dbos4j, each on its own system database, and the
 * benchmark can alternate between the two.
 */
final class DbosJavaWorkloads implements DurableSystem {

  /** The workflows, called through DBOS's proxy so each call is durable. */
  public interface BenchWorkflows {
    int empty();

    long sumOfSteps(int steps);
  }

  /**
   * Steps live behind their own proxy: a workflow calling a method on {@code this} would bypass the
   * proxy and checkpoint nothing.
   */
  public interface BenchSteps {
    int echo(int index);
  }

  public static final class BenchStepsImpl implements BenchSteps {
    @Step
    @Override
    public int echo(int index) {
      return index;
    }
  }

  public static final class BenchWorkflowsImpl implements BenchWorkflows {
    private final BenchSteps steps;

    public BenchWorkflowsImpl(BenchSteps steps) {
      this.steps = steps;
    }

    @Workflow
    @Override
    public int empty() {
      return EMPTY_RESULT;
    }

    @Workflow
    @Override
    public long sumOfSteps(int count) {
      long sum = 0;
      for (int i = 0; i < count; i++) {
        sum += steps.echo(i);
      }
      return sum;
    }
  }

  private final BenchOptions options;
  private DBOS dbos;
  private BenchWorkflows workflows;

  DbosJavaWorkloads(BenchOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return BenchOptions.DBOS_JAVA;
  }

  @Override
  public void launch() throws Exception {
    new BenchDatabases(options).recreate(BenchDatabases.DBOS_JAVA_SYSTEM);
    DBOSConfig config =
        DBOSConfig.defaults("bench")
            .withDatabaseUrl(options.databaseUrl(BenchDatabases.DBOS_JAVA_SYSTEM))
            .withDbUser(options.user())
            .withDbPassword(options.password());
    dbos = new DBOS(config);
    BenchSteps steps = dbos.registerProxy(BenchSteps.class, new BenchStepsImpl());
    workflows = dbos.registerProxy(BenchWorkflows.class, new BenchWorkflowsImpl(steps));
    dbos.launch();
  }

  @Override
  public int runEmptyWorkflow() {
    return workflows.empty();
  }

  @Override
  public long runStepsWorkflow(int steps) {
    return workflows.sumOfSteps(steps);
  }

  @Override
  public void close() {
    if (dbos != null) {
      dbos.close();
      dbos = null;
    }
  }
}
