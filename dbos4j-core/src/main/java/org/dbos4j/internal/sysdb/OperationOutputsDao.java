package org.dbos4j.internal.sysdb;

import static org.dbos4j.internal.sysdb.WorkflowStatusDao.failure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dbos4j.DBOSException;
import org.dbos4j.DBOSUnexpectedStepException;
import org.dbos4j.internal.db.Statements;
import org.jspecify.annotations.Nullable;

/**
 * The {@code operation_outputs} table: one checkpoint per step of a workflow. Every method is one
 * statement on an auto-commit connection: one database round trip.
 */
public final class OperationOutputsDao {
  /* First writer wins: a second execution of the same step position records nothing. */
  private static final String INSERT_HEAD =
      """
      INSERT INTO dbos.operation_outputs (workflow_uuid, function_id, function_name, output, error,
        started_at_epoch_ms, completed_at_epoch_ms, serialization)
      VALUES""";

  private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, 'dbos4j-json')";

  private static final String INSERT = INSERT_HEAD + " " + ROW + "\nON CONFLICT DO NOTHING";

  /* The record of an operation that awaited another workflow, naming it. */
  private static final String INSERT_NAMING_CHILD =
      """
      INSERT INTO dbos.operation_outputs (workflow_uuid, function_id, function_name, output, error,
        child_workflow_id, started_at_epoch_ms, completed_at_epoch_ms, serialization)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'dbos4j-json')
      ON CONFLICT DO NOTHING""";

  private static final String COLUMNS =
      "function_id, function_name, output, error, child_workflow_id";

  private static final String SELECT_ALL =
      "SELECT " + COLUMNS + " FROM dbos.operation_outputs WHERE workflow_uuid = ?";

  private static final String SELECT_ONE =
      "SELECT "
          + COLUMNS
          + " FROM dbos.operation_outputs WHERE workflow_uuid = ? AND function_id = ?";

  private final SystemDatabase db;

  public OperationOutputsDao(SystemDatabase db) {
    this.db = db;
  }

  /**
   * Checkpoints a step's outcome (1 round trip).
   *
   * @return false if an outcome was already recorded at this position (by another execution)
   */
  public boolean record(
      String workflowId,
      int functionId,
      String functionName,
      @Nullable String output,
      @Nullable String error,
      long startedAt,
      long completedAt) {
    try {
      return db.write(
              BatchableUpdate.of(
                  INSERT,
                  workflowId,
                  functionId,
                  functionName,
                  output,
                  error,
                  startedAt,
                  completedAt))
          == 1;
    } catch (SQLException e) {
      throw failure("checkpoint step " + functionId + " of workflow " + workflowId, e);
    }
  }

  /**
   * Checkpoints outcomes recorded durably elsewhere first (transactions, in the application
   * database), skipping positions already recorded: one statement of many rows, so one round trip
   * and one commit (a JDBC batch on an auto-commit connection would commit each row). Running
   * alone, the commit does not wait for the disk (see {@code Engine.updateUnflushed}): a crash may
   * lose the rows, and a replay then finds the outcomes in the application database; the workflow's
   * own outcome, a durable commit, makes them durable too.
   */
  public void recordAll(List<OperationCheckpoint> checkpoints) {
    if (checkpoints.isEmpty()) {
      return;
    }
    StringBuilder sql = new StringBuilder(INSERT_HEAD);
    List<Object> args = new ArrayList<>(checkpoints.size() * 7);
    for (OperationCheckpoint cp : checkpoints) {
      sql.append(args.isEmpty() ? "\n" : ",\n").append(ROW);
      args.add(cp.workflowId());
      args.add(cp.functionId());
      args.add(cp.functionName());
      args.add(cp.output());
      args.add(cp.error());
      args.add(cp.startedAt());
      args.add(cp.completedAt());
    }
    sql.append("\nON CONFLICT DO NOTHING");
    String statement = sql.toString();
    Object[] values = args.toArray();
    try {
      // In a shared transaction the plain statement runs, durable with the others' commit.
      db.write(
          BatchableUpdate.of(statement, values)
              .withResult(count -> count, c -> db.engine().updateUnflushed(c, statement, values)));
    } catch (SQLException e) {
      throw failure("checkpoint " + checkpoints.size() + " operations", e);
    }
  }

  /**
   * Checkpoints an outcome at a position, unless another execution of the workflow recorded that
   * position first (first writer wins). 1 round trip; 2 when another execution won.
   *
   * @return null if this outcome was recorded, else what the other execution recorded
   * @throws DBOSUnexpectedStepException if the other execution recorded another operation there
   */
  public @Nullable RecordedOperation recordFirst(
      String workflowId,
      int functionId,
      String functionName,
      @Nullable String output,
      @Nullable String error,
      long startedAt,
      long completedAt) {
    return winner(
        record(workflowId, functionId, functionName, output, error, startedAt, completedAt),
        workflowId,
        functionId,
        functionName);
  }

  /**
   * {@link #recordFirst}, for an operation about another workflow (awaiting its result), whose ID
   * it records as {@code child_workflow_id}.
   */
  public @Nullable RecordedOperation recordFirst(
      String workflowId,
      int functionId,
      String functionName,
      String childWorkflowId,
      @Nullable String output,
      @Nullable String error,
      long startedAt,
      long completedAt) {
    boolean recorded;
    try {
      recorded =
          db.write(
                  BatchableUpdate.of(
                      INSERT_NAMING_CHILD,
                      workflowId,
                      functionId,
                      functionName,
                      output,
                      error,
                      childWorkflowId,
                      startedAt,
                      completedAt))
              == 1;
    } catch (SQLException e) {
      throw failure("checkpoint step " + functionId + " of workflow " + workflowId, e);
    }
    return winner(recorded, workflowId, functionId, functionName);
  }

  /**
   * Null if this execution's record was written, else what another execution recorded first (1
   * round trip to read it).
   */
  private @Nullable RecordedOperation winner(
      boolean recorded, String workflowId, int functionId, String functionName) {
    if (recorded) {
      return null;
    }
    RecordedOperation winner = find(workflowId, functionId);
    if (winner == null) {
      throw new DBOSException(
          "Step "
              + functionId
              + " of workflow "
              + workflowId
              + " was neither recorded nor found; was the workflow deleted?");
    }
    if (!winner.functionName().equals(functionName)) {
      throw new DBOSUnexpectedStepException(
          workflowId, functionId, winner.functionName(), functionName);
    }
    return winner;
  }

  /** Every recorded step of a workflow, by position (1 round trip). */
  public Map<Integer, RecordedOperation> loadAll(String workflowId) {
    try {
      return db.read(
          c ->
              Statements.query(
                  c,
                  SELECT_ALL,
                  rs -> {
                    Map<Integer, RecordedOperation> steps = new HashMap<>();
                    while (rs.next()) {
                      RecordedOperation op = read(rs);
                      steps.put(op.functionId(), op);
                    }
                    return steps;
                  },
                  workflowId));
    } catch (SQLException e) {
      throw failure("load the steps of workflow " + workflowId, e);
    }
  }

  /** The step recorded at a position, or null (1 round trip). */
  public @Nullable RecordedOperation find(String workflowId, int functionId) {
    try {
      return db.read(
          c ->
              Statements.query(
                  c, SELECT_ONE, rs -> rs.next() ? read(rs) : null, workflowId, functionId));
    } catch (SQLException e) {
      throw failure("read step " + functionId + " of workflow " + workflowId, e);
    }
  }

  private static RecordedOperation read(ResultSet rs) throws SQLException {
    return new RecordedOperation(
        rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
  }
}
