package org.dbos4j.internal.sysdb;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.dbos4j.internal.db.Engine;
import org.dbos4j.internal.db.PostgresEngine;
import org.dbos4j.internal.db.Statements;

/**
 * The {@code dbos4j_processes} table: one lease row per launched process, renewed while it lives.
 * Times are the database server's clock ({@link Engine#epochMillisNow()}), the one clock all
 * processes sharing the database agree on.
 */
public final class ProcessesDao {
  private static final String TABLE = "dbos.dbos4j_processes";

  /** What a renewal found: whether this process still held its lease, and who had expired. */
  public record Renewal(boolean renewed, List<String> expired) {}

  private final SystemDatabase db;
  private final String register;
  private final String renew;
  private final String expire;
  private final String fusedRenewal;

  public ProcessesDao(SystemDatabase db) {
    this.db = db;
    Engine engine = db.engine();
    String now = engine.epochMillisNow();
    this.register =
        "INSERT INTO "
            + TABLE
            + " (process_id, executor_id, application_version, started_at, renewed_at)"
            + " VALUES (?, ?, ?, "
            + now
            + ", "
            + now
            + ")";
    this.renew = "UPDATE " + TABLE + " SET renewed_at = " + now + " WHERE process_id = ?";
    this.expire =
        "DELETE FROM "
            + TABLE
            + " WHERE renewed_at < "
            + now
            + " - ? AND process_id <> ? RETURNING process_id";
    // PostgreSQL renews and expires in one statement: one round trip per renewal.
    this.fusedRenewal =
        engine instanceof PostgresEngine
            ? "WITH renewed AS ("
                + renew
                + " RETURNING 1), expired AS ("
                + expire
                + ")"
                + " SELECT (SELECT count(*) FROM renewed),"
                + " (SELECT string_agg(process_id, ' ') FROM expired)"
            : null;
  }

  /** Takes a lease for a newly launched process (1 round trip). */
  public void register(String processId, String executorId, String appVersion) {
    try {
      db.autoCommitted(c -> Statements.update(c, register, processId, executorId, appVersion));
    } catch (SQLException e) {
      throw WorkflowStatusDao.failure("register process " + processId, e);
    }
  }

  /**
   * Renews this process's lease and removes the leases not renewed for {@code expiryMillis}, other
   * than its own: 1 round trip on PostgreSQL, 2 on SQLite.
   */
  public Renewal renew(String processId, long expiryMillis) {
    try {
      return db.autoCommitted(
          c ->
              fusedRenewal != null
                  ? fused(c, processId, expiryMillis)
                  : apart(c, processId, expiryMillis));
    } catch (SQLException e) {
      throw WorkflowStatusDao.failure("renew the lease of process " + processId, e);
    }
  }

  /** Gives up this process's lease, at shutdown (1 round trip). */
  public void remove(String processId) {
    try {
      db.autoCommitted(
          c -> Statements.update(c, "DELETE FROM " + TABLE + " WHERE process_id = ?", processId));
    } catch (SQLException e) {
      throw WorkflowStatusDao.failure("remove the lease of process " + processId, e);
    }
  }

  private Renewal fused(Connection c, String processId, long expiryMillis) throws SQLException {
    return Statements.query(
        c,
        fusedRenewal,
        rs -> {
          rs.next();
          String expired = rs.getString(2);
          return new Renewal(
              rs.getLong(1) == 1, expired == null ? List.of() : List.of(expired.split(" ")));
        },
        processId,
        expiryMillis,
        processId);
  }

  private Renewal apart(Connection c, String processId, long expiryMillis) throws SQLException {
    boolean renewed = Statements.update(c, renew, processId) == 1;
    List<String> expired =
        Statements.query(
            c,
            expire,
            rs -> {
              List<String> ids = new ArrayList<>();
              while (rs.next()) {
                ids.add(rs.getString(1));
              }
              return ids;
            },
            expiryMillis,
            processId);
    return new Renewal(renewed, expired);
  }
}
