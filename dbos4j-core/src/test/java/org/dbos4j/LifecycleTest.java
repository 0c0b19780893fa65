package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.dbos4j.internal.sysdb.SchemaMigrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** configure, launch, shutdown and reset: what each creates, refuses and forgets. */
@BothBackends
class LifecycleTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private final SystemTables tables = new SystemTables(db);

  public interface Greeter {
    String greet(String name);

    String twoSteps(String name);

    String viaChild(String name);
  }

  public interface Words {
    String upper(String s);
  }

  static final class WordsImpl implements Words {
    final AtomicInteger calls = new AtomicInteger();

    @Step
    @Override
    public String upper(String s) {
      calls.incrementAndGet();
      return s.toUpperCase(Locale.ROOT);
    }
  }

  static final class GreeterImpl implements Greeter {
    private final Words words;
    Greeter self;

    GreeterImpl(Words words) {
      this.words = words;
    }

    @Workflow
    @Override
    public String greet(String name) {
      return "hello " + name;
    }

    @Workflow
    @Override
    public String twoSteps(String name) {
      return words.upper(name) + "-" + words.upper(name + "!");
    }

    @Workflow
    @Override
    public String viaChild(String name) {
      String child = self.twoSteps(name);
      WorkflowHandle<String> started = DBOS.startWorkflow(() -> self.greet(name));
      return child + "/" + started.getResult();
    }
  }

  private static Greeter registerGreeter(WordsImpl words) {
    GreeterImpl impl = new GreeterImpl(DBOS.register(Words.class, words));
    Greeter greeter = DBOS.register(Greeter.class, impl);
    impl.self = greeter;
    return greeter;
  }

  @Test
  void launchCreatesTheSystemDatabaseAndSchemaWhenMissing() throws Exception {
    assertThat(db.databaseExists()).as("the extension dropped the database").isFalse();

    DBOS.configure(db.config().build());
    Greeter greeter = registerGreeter(new WordsImpl());
    DBOS.launch();

    assertThat(db.databaseExists()).isTrue();
    String tablesQuery =
        db.backend() == Backend.POSTGRES
            ? "SELECT count(*) FROM information_schema.tables"
                + " WHERE table_schema = 'dbos' AND table_name IN (?, ?)"
            : "SELECT count(*) FROM dbos.sqlite_master WHERE type = 'table' AND name IN (?, ?)";
    assertThat(tables.count(tablesQuery, "workflow_status", "operation_outputs")).isEqualTo(2);
    assertThat(greeter.greet("db")).isEqualTo("hello db");
    assertThat(tables.workflowRows()).isEqualTo(1);
  }

  @Test
  void aSecondLaunchOnAnExistingDatabaseAppliesNoMigrationAndKeepsState() throws Exception {
    DBOS.configure(db.config().build());
    Greeter greeter = registerGreeter(new WordsImpl());
    DBOS.launch();
    try (var id = new SetWorkflowID("kept")) {
      greeter.greet("first");
    }
    List<String> migrationsBefore = migrations();
    assertThat(migrationsBefore).hasSize(SchemaMigrations.latestVersion());
    DBOS.shutdown();

    DBOS.configure(db.config().build());
    registerGreeter(new WordsImpl());
    DBOS.launch();

    assertThat(migrations()).isEqualTo(migrationsBefore);
    assertThat(DBOS.<String>retrieveWorkflow("kept").getResult()).isEqualTo("hello first");
  }

  @Test
  void launchTwiceIsANoOp() {
    DBOS.configure(db.config().build());
    Greeter greeter = registerGreeter(new WordsImpl());
    DBOS.launch();
    DBOS.launch();
    assertThat(greeter.greet("again")).isEqualTo("hello again");
  }

  @Test
  void shutdownIsIdempotent() {
    DBOS.shutdown();
    DBOS.configure(db.config().build());
    Greeter greeter = registerGreeter(new WordsImpl());
    DBOS.launch();
    assertThat(greeter.greet("x")).isEqualTo("hello x");
    DBOS.shutdown();
    DBOS.shutdown();
    assertThatThrownBy(DBOS::config).isInstanceOf(DBOSException.class);
  }

  @Test
  void shutdownIsAllowedAfterAFailedLaunchAndDBOSCanBeConfiguredAgain() {
    DBOS.configure(
        DBOSConfig.builder()
            .appName("unreachable")
            .systemDatabaseUrl("jdbc:postgresql://127.0.0.1:1/nowhere")
            .build());
    registerGreeter(new WordsImpl());
    assertThatThrownBy(DBOS::launch).isInstanceOf(DBOSException.class);
    DBOS.shutdown();
    DBOS.shutdown();

    DBOS.configure(db.config().build());
    Greeter greeter = registerGreeter(new WordsImpl());
    DBOS.launch();
    assertThat(greeter.greet("back")).isEqualTo("hello back");
  }

  @Test
  void configureIsRefusedWhileLaunchedAndAllowedAfterShutdown() {
    DBOSConfig first = db.config().build();
    DBOS.configure(first);
    DBOS.launch();
    assertThatThrownBy(() -> DBOS.configure(db.config().build()))
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("shutdown");
    assertThat(DBOS.config()).isSameAs(first);
    DBOS.shutdown();

    DBOSConfig second = db.config().executorId("second").build();
    DBOS.configure(second);
    assertThat(DBOS.config()).isSameAs(second);
    Greeter greeter = registerGreeter(new WordsImpl());
    DBOS.launch();
    try (var id = new SetWorkflowID("after-reconfigure")) {
      assertThat(greeter.greet("two")).isEqualTo("hello two");
    }
    assertThat(DBOS.retrieveWorkflow("after-reconfigure").getStatus().executorId())
        .isEqualTo("second");
  }

  @Test
  void resetSystemDatabaseDropsAllStateAndIsRefusedWhileLaunched() throws Exception {
    DBOS.configure(db.config().build());
    Greeter greeter = registerGreeter(new WordsImpl());
    DBOS.launch();
    try (var id = new SetWorkflowID("to-be-forgotten")) {
      greeter.greet("x");
    }
    assertThatThrownBy(DBOS::resetSystemDatabase)
        .isInstanceOf(DBOSException.class)
        .hasMessageContaining("shutdown");
    assertThat(tables.status("to-be-forgotten")).isEqualTo("SUCCESS");
    DBOS.shutdown();

    DBOS.configure(db.config().build());
    DBOS.resetSystemDatabase();
    assertThat(db.databaseExists()).isFalse();
    DBOS.launch();
    assertThatThrownBy(() -> DBOS.retrieveWorkflow("to-be-forgotten"))
        .isInstanceOf(DBOSNonExistentWorkflowException.class);
    assertThat(tables.workflowRows()).isZero();
  }

  @Test
  void aPoolOfOneConnectionRunsWorkflowsStepsAndChildren() {
    DBOS.configure(db.config().systemDatabasePoolSize(1).build());
    assertThat(DBOS.config().systemDatabasePoolSize()).isEqualTo(1);
    WordsImpl words = new WordsImpl();
    Greeter greeter = registerGreeter(words);
    DBOS.launch();
    // A pool of one deadlocks if any path holds a connection while asking for another.
    String result = assertTimeoutPreemptively(Duration.ofSeconds(25), () -> greeter.viaChild("a"));
    assertThat(result).isEqualTo("A-A!/hello a");
    assertThat(words.calls).hasValue(2);
  }

  @Test
  void poolSizeOutOfRangeIsRejectedByBuild() {
    for (int bad : new int[] {0, -1, 1001}) {
      assertThatThrownBy(() -> db.config().systemDatabasePoolSize(bad).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("systemDatabasePoolSize")
          .hasMessageContaining(String.valueOf(bad));
    }
    assertThat(db.config().systemDatabasePoolSize(1000).build().systemDatabasePoolSize())
        .isEqualTo(1000);
    assertThat(db.config().build().systemDatabasePoolSize())
        .isEqualTo(DBOSConfig.DEFAULT_POOL_SIZE);
  }

  @Test
  void applicationDatabaseSettingsAreCheckedByBuild() {
    for (int bad : new int[] {0, 1001}) {
      assertThatThrownBy(() -> db.config().databasePoolSize(bad).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("databasePoolSize")
          .hasMessageContaining(String.valueOf(bad));
    }
    assertThat(db.config().build().databasePoolSize()).isEqualTo(DBOSConfig.DEFAULT_POOL_SIZE);
    org.sqlite.SQLiteDataSource dataSource = new org.sqlite.SQLiteDataSource();
    assertThatThrownBy(
            () -> db.config().databaseUrl("jdbc:sqlite:app.sqlite").dataSource(dataSource).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("databaseUrl and dataSource are both set");
    DBOSConfig config =
        db.config().databaseUrl("jdbc:postgresql://db:5432/app?user=u&password=hidden-pw").build();
    assertThat(config.toString())
        .contains("jdbc:postgresql://db:5432/app?user=u&password=****")
        .doesNotContain("hidden-pw");
  }

  private List<String> migrations() throws Exception {
    try (Connection c = tables.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT version, applied_at FROM dbos.dbos4j_migrations ORDER BY version");
        ResultSet rs = ps.executeQuery()) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getInt(1) + "@" + rs.getLong(2));
      }
      return rows;
    }
  }
}
