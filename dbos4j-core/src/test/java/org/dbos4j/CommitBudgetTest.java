package org.dbos4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Counts the transactions PostgreSQL commits in the system database while workflows run: a step is
 * one commit, a workflow without steps two, and a first execution never reads before it writes.
 * Counted from {@code pg_stat_database.xact_commit}, read through the maintenance database so that
 * the counting itself is not counted.
 */
class CommitBudgetTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  public interface Counter {
    int count(int steps);

    String empty();
  }

  public interface Increments {
    int increment(int i);
  }

  static final class IncrementsImpl implements Increments {
    @Step
    @Override
    public int increment(int i) {
      return i + 1;
    }
  }

  static final class CounterImpl implements Counter {
    private final Increments increments;

    CounterImpl(Increments increments) {
      this.increments = increments;
    }

    @Workflow
    @Override
    public int count(int steps) {
      int n = 0;
      for (int i = 0; i < steps; i++) {
        n = increments.increment(n);
      }
      return n;
    }

    @Workflow
    @Override
    public String empty() {
      return "done";
    }
  }

  @Test
  void eachStepIsOneCommitAndAWorkflowAddsTwo() throws Exception {
    commitsDuring(counter -> counter.empty()); // creates the database, schema and statement caches
    // Both runs start with one workflow, so that what the pool does for its first use counts the
    // same in both.
    long baseline = commitsDuring(counter -> counter.empty());
    long withWorkflows =
        commitsDuring(
            counter -> {
              counter.empty();
              assertThat(counter.count(25)).isEqualTo(25);
              assertThat(counter.empty()).isEqualTo("done");
            });
    // 25 steps, and the start and end of 2 workflows. Nobody awaits these workflows from another
    // process, so their ends send no NOTIFY (which the LISTEN backend would read in a transaction
    // of its own).
    assertThat(withWorkflows - baseline).isEqualTo((2 + 25) + 2);
  }

  /**
   * Commits made by a launch, {@code work} and a shutdown. Shutting down closes the pool, and a
   * backend reports its statistics when it exits, so the count is complete once it settles.
   */
  private long commitsDuring(Work work) throws Exception {
    long before = settledCommits();
    // One pooled connection: connection set-up (which runs queries) then costs the same in every
    // run.
    DBOS.configure(db.config().systemDatabasePoolSize(1).build());
    Counter counter =
        DBOS.register(
            Counter.class, new CounterImpl(DBOS.register(Increments.class, new IncrementsImpl())));
    DBOS.launch();
    work.run(counter);
    DBOS.shutdown();
    return settledCommits() - before;
  }

  interface Work {
    void run(Counter counter) throws Exception;
  }

  private long settledCommits() throws Exception {
    long previous = -1;
    long current = commits();
    while (current != previous) {
      Thread.sleep(300);
      previous = current;
      current = commits();
    }
    return current;
  }

  private long commits() throws Exception {
    String maintenance = SystemDatabaseExtension.serverUrl() + "/postgres";
    try (Connection c =
            DriverManager.getConnection(
                maintenance, SystemDatabaseExtension.user(), SystemDatabaseExtension.password());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT pg_stat_clear_snapshot(), xact_commit FROM pg_stat_database WHERE datname = ?")) {
      ps.setString(1, db.databaseName());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(2) : 0; // no row: the database does not exist yet
      }
    }
  }
}
