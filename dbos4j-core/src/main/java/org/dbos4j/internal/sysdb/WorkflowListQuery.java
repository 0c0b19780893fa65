package org.dbos4j.internal.sysdb;

import static org.dbos4j.internal.sysdb.WorkflowStatusDao.failure;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.dbos4j.ListWorkflowsInput;
import org.dbos4j.WorkflowState;
import org.dbos4j.internal.db.Engine;
import org.dbos4j.internal.db.Statements;
import org.jspecify.annotations.Nullable;

/**
 * Listing {@code workflow_status} rows by the filters of {@link ListWorkflowsInput}, in one
 * statement (one round trip). Ordered by {@code created_at}, then {@code workflow_uuid}, so that
 * pages are stable: listing by time walks the index on {@code (created_at, workflow_uuid)}, listing
 * the failed or cancelled the partial one on {@code (status, created_at, workflow_uuid)}, and a
 * page of the newest is read backwards from the end of either, with no sort. Other states are
 * filtered along the time index: SUCCESS is most rows, and the unfinished are listed by queue.
 */
public final class WorkflowListQuery {
  /* Where no limit is given but an offset is: SQLite takes OFFSET only after a LIMIT. */
  private static final long NO_LIMIT = Long.MAX_VALUE;

  /* The payload columns a listing may leave out, read as NULL in their place. */
  private static final List<String> INPUT_COLUMNS = List.of("inputs");
  private static final List<String> OUTPUT_COLUMNS = List.of("output", "error");

  /* What a queued listing shows unless told otherwise: workflows still waiting on or run from a queue. */
  private static final List<WorkflowState> QUEUED_STATES =
      List.of(WorkflowState.ENQUEUED, WorkflowState.DELAYED, WorkflowState.PENDING);

  private final SystemDatabase db;
  private final Engine engine;

  public WorkflowListQuery(SystemDatabase db) {
    this.db = db;
    this.engine = db.engine();
  }

  /** A listing's SQL and its arguments, a list among them bound as one (see {@link #bind}). */
  record Listing(String sql, List<Object> args) {}

  /**
   * The rows that match {@code input}, in its order and page (1 round trip).
   *
   * @param queuedOnly whether to list only workflows that were enqueued (have a queue), by default
   *     only those ENQUEUED, DELAYED or PENDING
   */
  public List<WorkflowRow> list(ListWorkflowsInput input, boolean queuedOnly) {
    Listing listing = listing(input, queuedOnly);
    try {
      return db.read(
          c -> {
            try (PreparedStatement ps = c.prepareStatement(listing.sql())) {
              bind(ps, listing.args());
              try (ResultSet rs = ps.executeQuery()) {
                List<WorkflowRow> rows = new ArrayList<>();
                while (rs.next()) {
                  rows.add(WorkflowStatusDao.readRow(rs, 1));
                }
                return rows;
              }
            }
          });
    } catch (SQLException e) {
      throw failure("list workflows", e);
    }
  }

  /** The statement that {@link #list} runs. */
  Listing listing(ListWorkflowsInput input, boolean queuedOnly) {
    List<String> where = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    if (queuedOnly) {
      where.add("queue_name IS NOT NULL");
    }
    List<WorkflowState> states =
        input.states() == null && queuedOnly ? QUEUED_STATES : input.states();
    if (states != null) {
      // Written into the statement, not bound: states are the enum's names, and only a literal
      // lets the planner match the partial index of failed states (a generic plan of a bound
      // parameter could not use it).
      where.add(
          states.size() == 1
              ? "status = '" + states.get(0).name() + "'"
              : states.stream()
                  .map(st -> "'" + st.name() + "'")
                  .collect(Collectors.joining(", ", "status IN (", ")")));
    }
    if (input.workflowIds() != null) {
      where.add(engine.inList("workflow_uuid"));
      args.add(input.workflowIds());
    }
    equal(where, args, "name", input.name());
    equal(where, args, "queue_name", input.queueName());
    equal(where, args, "authenticated_user", input.authenticatedUser());
    equal(where, args, "application_version", input.appVersion());
    equal(where, args, "executor_id", input.executorId());
    equal(where, args, "parent_workflow_id", input.parentWorkflowId());
    equal(where, args, "forked_from", input.forkedFrom());
    if (input.workflowIdPrefix() != null) {
      // Not LIKE: SQLite's ignores case, and the prefix may hold % or _.
      where.add("substr(workflow_uuid, 1, ?) = ?");
      args.add(input.workflowIdPrefix().length());
      args.add(input.workflowIdPrefix());
    }
    if (input.createdAfter() != null) {
      where.add("created_at >= ?");
      args.add(input.createdAfter().toEpochMilli());
    }
    if (input.createdBefore() != null) {
      where.add("created_at <= ?");
      args.add(input.createdBefore().toEpochMilli());
    }
    String order = input.sortDescending() ? "DESC" : "ASC";
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(columns(input.loadInput(), input.loadOutput()))
            .append(" FROM dbos.workflow_status");
    if (!where.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", where));
    }
    sql.append(" ORDER BY created_at ").append(order).append(", workflow_uuid ").append(order);
    if (input.limit() != null || input.offset() > 0) {
      sql.append(" LIMIT ? OFFSET ?");
      args.add(input.limit() != null ? (long) input.limit() : NO_LIMIT);
      args.add((long) input.offset());
    }
    return new Listing(sql.toString(), args);
  }

  /**
   * {@link WorkflowStatusDao#COLUMNS}, with NULL in place of the payloads a listing leaves out:
   * they are most of a row's bytes.
   */
  static String columns(boolean loadInput, boolean loadOutput) {
    List<String> columns = new ArrayList<>();
    for (String column : WorkflowStatusDao.COLUMNS.split(",")) {
      String name = column.strip();
      boolean skipped =
          (!loadInput && INPUT_COLUMNS.contains(name))
              || (!loadOutput && OUTPUT_COLUMNS.contains(name));
      columns.add(skipped ? "NULL" : name);
    }
    return String.join(", ", columns);
  }

  private static void equal(
      List<String> where, List<Object> args, String column, @Nullable Object value) {
    if (value != null) {
      where.add(column + " = ?");
      args.add(value);
    }
  }

  /** Binds a listing's arguments, each list as one {@link Engine#inList} parameter. */
  void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    int i = 1;
    for (Object a : args) {
      if (a instanceof Collection<?> values) {
        List<String> strings = values.stream().map(String::valueOf).toList();
        engine.bindList(ps, i++, strings);
      } else {
        i = Statements.bind(ps, i, a);
      }
    }
  }
}
