package org.dbos4j.internal.sysdb;

import static org.dbos4j.internal.sysdb.WorkflowStatusDao.failure;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.dbos4j.internal.db.Engine;
import org.dbos4j.internal.db.Statements;

/**
 * Deleting workflows with everything recorded for them, in one transaction: 6 round trips on
 * PostgreSQL (the workflows' IDs, then one statement per table), none on SQLite. No foreign key
 * deletes the steps ({@code operation_outputs} has none since version 7), so every table is named
 * here; a table added for workflows (streams) must be added to {@link #TABLES}.
 */
public final class WorkflowDeletionDao {
  /* A workflow and, if the parameter says so, its descendants, as the cancel walks them. */
  private static final String TREE =
      WorkflowCancelDao.TREE.formatted(" WHERE ?") + "SELECT workflow_uuid FROM tree";

  /* Each table holding rows of a workflow, and its column naming the workflow; the status last. */
  private static final List<String[]> TABLES =
      List.of(
          new String[] {"operation_outputs", "workflow_uuid"},
          new String[] {"notifications", "destination_uuid"},
          new String[] {"workflow_events", "workflow_uuid"},
          new String[] {"workflow_events_history", "workflow_uuid"},
          new String[] {"workflow_status", "workflow_uuid"});

  private final SystemDatabase db;
  private final Engine engine;

  public WorkflowDeletionDao(SystemDatabase db) {
    this.db = db;
    this.engine = db.engine();
  }

  /**
   * Deletes a workflow and, if {@code withDescendants}, its children, recursively.
   *
   * @return the IDs of the workflows deleted; empty if there was no such workflow
   */
  public List<String> delete(String workflowId, boolean withDescendants) {
    try {
      return db.write(
          c ->
              WriteSequence.atomically(
                  c,
                  () -> {
                    List<String> ids =
                        Statements.query(
                            c,
                            TREE,
                            rs -> {
                              List<String> found = new ArrayList<>();
                              while (rs.next()) {
                                found.add(rs.getString(1));
                              }
                              return found;
                            },
                            workflowId,
                            withDescendants);
                    if (ids.isEmpty()) {
                      return ids;
                    }
                    for (String[] table : TABLES) {
                      try (PreparedStatement ps =
                          c.prepareStatement(
                              "DELETE FROM dbos."
                                  + table[0]
                                  + " WHERE "
                                  + engine.inList(table[1]))) {
                        engine.bindList(ps, 1, ids);
                        ps.executeUpdate();
                      }
                    }
                    return ids;
                  }));
    } catch (SQLException e) {
      throw failure("delete workflow " + workflowId, e);
    }
  }
}
