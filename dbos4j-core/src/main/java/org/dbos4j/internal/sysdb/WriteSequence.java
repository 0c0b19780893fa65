package org.dbos4j.internal.sysdb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.dbos4j.internal.db.Engine;
import org.dbos4j.internal.db.Statements;

/**
 * Writes that must commit together, written once for both engines. On PostgreSQL they run as one
 * statement, every write but the last a data-modifying common table expression: one round trip. On
 * SQLite, which has no such expressions, they run one after another in one transaction, which costs
 * no round trips on a database inside the process. The writes must not depend on each other's
 * results, since inside one statement they all see the same snapshot.
 */
final class WriteSequence {
  private final String[] statements;
  private final String fused;

  WriteSequence(String... statements) {
    this.statements = statements.clone();
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < statements.length - 1; i++) {
      sql.append(i == 0 ? "WITH " : ",\n")
          .append("w")
          .append(i)
          .append(" AS (")
          .append(statements[i])
          .append(')');
    }
    this.fused = sql.append('\n').append(statements[statements.length - 1]).toString();
  }

  /**
   * The writes, binding {@code args[i]} to statement {@code i}, as one write whose result is the
   * last statement's row count; on PostgreSQL one statement that {@link GroupCommit} can batch with
   * others like it.
   */
  SqlWork<Integer> update(Engine engine, Object[]... args) {
    if (engine.fusesWrites()) {
      return BatchableUpdate.of(fused, concat(args));
    }
    return c -> run(c, engine, PreparedStatement::executeUpdate, args);
  }

  /** The arguments of several statements, in order, as those of one. */
  static Object[] concat(Object[]... args) {
    int n = 0;
    for (Object[] a : args) {
      n += a.length;
    }
    Object[] all = new Object[n];
    int at = 0;
    for (Object[] a : args) {
      System.arraycopy(a, 0, all, at, a.length);
      at += a.length;
    }
    return all;
  }

  /** Runs the writes; what {@code reader} reads from the last one's result. */
  <R> R query(Connection c, Engine engine, Statements.ResultReader<R> reader, Object[]... args)
      throws SQLException {
    return run(
        c,
        engine,
        ps -> {
          try (ResultSet rs = ps.executeQuery()) {
            return reader.read(rs);
          }
        },
        args);
  }

  private <R> R run(Connection c, Engine engine, Execution<R> last, Object[]... args)
      throws SQLException {
    if (engine.fusesWrites()) {
      try (PreparedStatement ps = c.prepareStatement(fused)) {
        int next = 1;
        for (Object[] a : args) {
          next = Statements.bind(ps, next, a);
        }
        return last.execute(ps);
      }
    }
    return atomically(
        c,
        () -> {
          for (int i = 0; i < statements.length - 1; i++) {
            Statements.update(c, statements[i], args[i]);
          }
          try (PreparedStatement ps = c.prepareStatement(statements[statements.length - 1])) {
            Statements.bind(ps, 1, args[statements.length - 1]);
            return last.execute(ps);
          }
        });
  }

  /**
   * Runs {@code work} in one transaction: the connection's open one inside a shared {@link
   * GroupCommit} transaction, else a new one committed here.
   */
  static <R> R atomically(Connection c, Work<R> work) throws SQLException {
    if (!c.getAutoCommit()) {
      return work.run();
    }
    c.setAutoCommit(false);
    try {
      R result = work.run();
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** Statements run together. */
  @FunctionalInterface
  interface Work<R> {
    R run() throws SQLException;
  }

  @FunctionalInterface
  private interface Execution<R> {
    R execute(PreparedStatement ps) throws SQLException;
  }
}
