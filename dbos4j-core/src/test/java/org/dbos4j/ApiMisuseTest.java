package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Misuse of the API fails at once with a clear message (API.md section 6): {@code DBOSException}
 * for misuse at run time, {@code IllegalArgumentException} for plainly invalid arguments, and
 * nothing is recorded.
 */
@BothBackends
class ApiMisuseTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);

  public interface Jobs {
    String run(String input);

    String other(String input);

    String takesObject(Object value);

    String takesEmpty(Empty value);

    int step(int x);
  }

  /** A class with no properties: Jackson has nothing to write. */
  public static final class Empty {}

  static final class JobsImpl implements Jobs {
    final AtomicInteger runs = new AtomicInteger();

    @Workflow
    @Override
    public String run(String input) {
      runs.incrementAndGet();
      return "ran " + input;
    }

    @Workflow
    @Override
    public String other(String input) {
      return input;
    }

    @Workflow
    @Override
    public String takesObject(Object value) {
      runs.incrementAndGet();
      return String.valueOf(value);
    }

    @Workflow
    @Override
    public String takesEmpty(Empty value) {
      runs.incrementAndGet();
      return "empty";
    }

    @Step
    @Override
    public int step(int x) {
      return x + 1;
    }
  }

  public interface BadRetries {
    int negative();
  }

  static final class BadRetriesImpl implements BadRetries {
    @Step(retries = -1)
    @Override
    public int negative() {
      return 0;
    }
  }

  @Test
  void callingOrStartingAWorkflowBeforeLaunchFails() throws Exception {
    DBOS.configure(db.config().build());
    JobsImpl impl = new JobsImpl();
    Jobs jobs = DBOS.register(Jobs.class, impl);

    assertThatThrownBy(() -> jobs.run("x"))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("not launched")
        .hasMessageContaining("DBOS.launch()");
    assertThatThrownBy(() -> DBOS.startWorkflow(() -> jobs.run("x")))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("not launched");
    assertThatThrownBy(() -> DBOS.retrieveWorkflow("any"))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("not launched");
    assertThat(impl.runs).hasValue(0);
  }

  @Test
  void launchBeforeConfigureFails() {
    assertThatThrownBy(DBOS::launch)
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("not configured")
        .hasMessageContaining("DBOS.configure");
  }

  @Test
  void registerBeforeConfigureFails() {
    assertThatThrownBy(() -> DBOS.register(Jobs.class, new JobsImpl()))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("not configured");
  }

  @Test
  void registeringAfterLaunchFails() {
    DBOS.configure(db.config().build());
    DBOS.launch();
    assertThatThrownBy(() -> DBOS.register(Jobs.class, new JobsImpl()))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining(Jobs.class.getName())
        .hasMessageContaining("after DBOS.launch()");
  }

  @Test
  void anUnreachableDatabaseFailsLaunchNamingTheUrlButNotThePassword() {
    String url = "jdbc:postgresql://127.0.0.1:1/x?password=secret";
    DBOS.configure(
        DBOSConfig.builder()
            .appName("unreachable")
            .systemDatabaseUrl(url)
            .user("postgres")
            .password("secret")
            .build());
    Throwable thrown = thrownBy(DBOS::launch);
    assertThat(thrown)
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/x");
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain("secret");
    }
    DBOS.shutdown();
  }

  @Test
  void aBlankWorkflowIdIsRejected() {
    assertThatThrownBy(() -> new SetWorkflowID(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workflow ID");
    assertThatThrownBy(() -> new SetWorkflowID("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StartWorkflowOptions.builder().workflowId("\t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workflow ID");
    DBOS.configure(db.config().build());
    DBOS.launch();
    assertThatThrownBy(() -> DBOS.retrieveWorkflow(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnserializableArgumentFailsBeforeAnythingIsRecorded() throws Exception {
    DBOS.configure(db.config().build());
    JobsImpl impl = new JobsImpl();
    Jobs jobs = DBOS.register(Jobs.class, impl);
    DBOS.launch();

    Thread thread = new Thread(() -> {});
    assertThatThrownBy(() -> jobs.takesObject(thread))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Thread");
    assertThatThrownBy(() -> DBOS.startWorkflow(() -> jobs.takesObject(thread)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Thread");
    try (var id = new SetWorkflowID("empty-arg")) {
      assertThatThrownBy(() -> jobs.takesEmpty(new Empty()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(Empty.class.getName());
    }

    assertThat(impl.runs).hasValue(0);
    assertThat(tables.workflowRows()).isZero();
    // The failed call did not leave its ID claimed: the ID is free for a valid call.
    try (var id = new SetWorkflowID("empty-arg")) {
      assertThat(jobs.run("ok")).isEqualTo("ran ok");
    }
    assertThat(tables.status("empty-arg")).isEqualTo("SUCCESS");
  }

  @Test
  void startWorkflowWithALambdaThatCallsNoSingleWorkflowFails() throws Exception {
    DBOS.configure(db.config().build());
    JobsImpl impl = new JobsImpl();
    Jobs jobs = DBOS.register(Jobs.class, impl);
    DBOS.launch();

    assertThatThrownBy(() -> DBOS.startWorkflow(() -> "not a workflow"))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("exactly one workflow");
    JobsImpl unregistered = new JobsImpl();
    assertThatThrownBy(() -> DBOS.startWorkflow(() -> unregistered.run("direct")))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("exactly one workflow");
    assertThatThrownBy(
            () ->
                DBOS.startWorkflow(
                    () -> {
                      jobs.run("a");
                      jobs.run("b");
                    }))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("called 2");
    assertThatThrownBy(() -> DBOS.startWorkflow(() -> jobs.step(1)))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("step");

    assertThat(impl.runs).hasValue(0);
    assertThat(tables.workflowRows()).isZero();
  }

  @Test
  void aConfigWithoutAppNameIsRejectedByBuild() {
    assertThatThrownBy(() -> DBOSConfig.builder().systemDatabaseUrl(db.url()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("appName");
    assertThatThrownBy(() -> DBOSConfig.builder().appName("  ").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("appName");
  }

  @Test
  void negativeRetriesAreRejected() {
    assertThatThrownBy(() -> StepOptions.named("s").retries(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retries")
        .hasMessageContaining("-1");
    DBOS.configure(db.config().build());
    assertThatThrownBy(() -> DBOS.register(BadRetries.class, new BadRetriesImpl()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retries");
  }

  @Test
  void workThroughAProxyFromBeforeShutdownFails() throws Exception {
    DBOS.configure(db.config().build());
    JobsImpl impl = new JobsImpl();
    Jobs jobs = DBOS.register(Jobs.class, impl);
    DBOS.launch();
    assertThat(jobs.run("before")).isEqualTo("ran before");
    DBOS.shutdown();

    assertThatThrownBy(() -> jobs.run("after"))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("shutdown");
    assertThatThrownBy(() -> DBOS.startWorkflow(() -> jobs.run("after")))
        .isInstanceOf(DBOSException.class);

    // Even once DBOS runs again, the old proxy stays dead: its registration was cleared.
    DBOS.configure(db.config().build());
    DBOS.register(Jobs.class, new JobsImpl());
    DBOS.launch();
    assertThatThrownBy(() -> jobs.run("relaunched"))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("shutdown");
    assertThat(impl.runs).hasValue(1);
    assertThat(tables.workflowRows()).isEqualTo(1);
  }

  private static Throwable thrownBy(Runnable r) {
    Throwable t = catchThrowable(r::run);
    assertThat(t).as("an exception was thrown").isNotNull();
    return t;
  }
}
