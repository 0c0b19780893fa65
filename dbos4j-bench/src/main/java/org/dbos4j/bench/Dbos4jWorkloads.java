package org.dbos4j.bench;

import org.dbos4j.DBOS;
import org.dbos4j.DBOSConfig;
import org.dbos4j.Step;
import org.dbos4j.Workflow;

/** The benchmark workflows on dbos4j, written to match {@link DbosJavaWorkloads} call for call. */
final class Dbos4jWorkloads implements DurableSystem {

  /** The workflows, called through the proxy {@link DBOS#register} returns. */
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
  private BenchWorkflows workflows;
  private boolean configured;

  Dbos4jWorkloads(BenchOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return BenchOptions.DBOS4J;
  }

  @Override
  public void launch() throws Exception {
    new BenchDatabases(options).recreate(BenchDatabases.DBOS4J_SYSTEM);
    DBOS.configure(
        DBOSConfig.builder()
            .appName("bench")
            .systemDatabaseUrl(options.databaseUrl(BenchDatabases.DBOS4J_SYSTEM))
            .user(options.user())
            .password(options.password())
            .build());
    // From here on shutdown is owed, even if launch fails: it also forgets config and
    // registrations.
    configured = true;
    BenchSteps steps = DBOS.register(BenchSteps.class, new BenchStepsImpl());
    workflows = DBOS.register(BenchWorkflows.class, new BenchWorkflowsImpl(steps));
    DBOS.launch();
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
    if (configured) {
      DBOS.shutdown();
      configured = false;
    }
  }
}
