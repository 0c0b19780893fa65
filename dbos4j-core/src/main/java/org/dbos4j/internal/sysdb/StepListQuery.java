package org.dbos4j.internal.sysdb;

import static org.dbos4j.internal.sysdb.WorkflowStatusDao.failure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.dbos4j.internal.db.Statements;
import org.jspecify.annotations.Nullable;

/** Listing the recorded operations of a workflow, for operators (one statement, one round trip). */
public final class StepListQuery {
  private static final String SELECT =
      """
      SELECT function_id, function_name, output, error, child_workflow_id, started_at_epoch_ms,
        completed_at_epoch_ms
      FROM dbos.operation_outputs WHERE workflow_uuid = ? ORDER BY function_id""";

  /** One {@code operation_outputs} row with its times (epoch milliseconds). */
  public record StepRow(
      int functionId,
      String functionName,
      @Nullable String output,
      @Nullable String error,
      @Nullable String childWorkflowId,
      @Nullable Long startedAt,
      @Nullable Long completedAt) {}

  private final SystemDatabase db;

  public StepListQuery(SystemDatabase db) {
    this.db = db;
  }

  /** The workflow's recorded operations in step order; empty if none (1 round trip). */
  public List<StepRow> list(String workflowId) {
    try {
      return db.read(
          c ->
              Statements.query(
                  c,
                  SELECT,
                  rs -> {
                    List<StepRow> steps = new ArrayList<>();
                    while (rs.next()) {
                      steps.add(read(rs));
                    }
                    return steps;
                  },
                  workflowId));
    } catch (SQLException e) {
      throw failure("list the steps of workflow " + workflowId, e);
    }
  }

  private static StepRow read(ResultSet rs) throws SQLException {
    return new StepRow(
        rs.getInt(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        WorkflowStatusDao.nullableLong(rs, 6),
        WorkflowStatusDao.nullableLong(rs, 7));
  }
}
