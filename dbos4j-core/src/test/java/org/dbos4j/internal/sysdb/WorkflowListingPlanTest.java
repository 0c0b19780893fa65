package org.dbos4j.internal.sysdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dbos4j.ListWorkflowsInput;
import org.dbos4j.SystemDatabaseExtension;
import org.dbos4j.TestPostgres;
import org.dbos4j.WorkflowState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On PostgreSQL, a page of the newest workflows among many, by state and by time alone, is read
 * from an index, never a scan and sort of the table: the plan of the very statement a listing runs,
 * over 200,000 analysed rows in which one state in twenty is ERROR.
 */
class WorkflowListingPlanTest {
  @RegisterExtension static final SystemDatabaseExtension db = new SystemDatabaseExtension();

  private static final int ROWS = 200_000;

  private SystemDatabase sysdb;

  @BeforeEach
  void fillTheTable() throws Exception {
    sysdb =
        SystemDatabase.open(
            db.url(), TestPostgres.user(), TestPostgres.password(), 2, Duration.ofMinutes(1));
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      st.execute(
          """
          INSERT INTO dbos.workflow_status (workflow_uuid, status, name, created_at, updated_at,
            inputs, output)
          SELECT 'wf-' || i, CASE WHEN i %% 20 = 0 THEN 'ERROR' ELSE 'SUCCESS' END, 'Flows.run',
            1000 * i, 1000 * i, '["input"]', '"output"'
          FROM generate_series(1, %d) AS i"""
              .formatted(ROWS));
      st.execute("ANALYZE dbos.workflow_status");
    }
  }

  @AfterEach
  void close() {
    sysdb.close();
  }

  private static ListWorkflowsInput.Builder newest100() {
    return ListWorkflowsInput.builder()
        .sortDescending(true)
        .limit(100)
        .loadInput(false)
        .loadOutput(false);
  }

  @Test
  void theNewestOfAStateAreReadFromTheIndexOnStateAndTime() throws Exception {
    ListWorkflowsInput input = newest100().states(List.of(WorkflowState.ERROR)).build();

    String plan = plan(input);

    assertThat(plan)
        .contains("Index Scan Backward using workflow_status_failed_index")
        .doesNotContain("Seq Scan")
        .doesNotContain("Sort");
    List<WorkflowRow> rows = new WorkflowListQuery(sysdb).list(input, false);
    assertThat(rows).hasSize(100);
    assertThat(rows.get(0).workflowId()).isEqualTo("wf-" + ROWS);
    assertThat(rows.get(1).workflowId()).isEqualTo("wf-" + (ROWS - 20));
  }

  @Test
  void theNewestOfAllAreReadFromTheIndexOnTime() throws Exception {
    String plan = plan(newest100().build());

    assertThat(plan)
        .contains("Index Scan Backward using workflow_status_created_at_index")
        .doesNotContain("Seq Scan")
        .doesNotContain("Sort");
  }

  /**
   * The plan PostgreSQL chooses for the listing's statement, with its arguments bound. By state,
   * PostgreSQL 15 answers: Limit, Index Scan Backward using workflow_status_failed_index, Index
   * Cond: (status = 'ERROR'), no sort, as the index holds the listing's whole order (created_at,
   * workflow_uuid); without that index it scans the created_at index backwards and filters on the
   * state.
   */
  private String plan(ListWorkflowsInput input) throws Exception {
    WorkflowListQuery query = new WorkflowListQuery(sysdb);
    WorkflowListQuery.Listing listing = query.listing(input, false);
    List<String> lines = new ArrayList<>();
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement("EXPLAIN " + listing.sql())) {
      query.bind(ps, listing.args());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          lines.add(rs.getString(1));
        }
      }
    }
    return String.join("\n", lines);
  }
}
