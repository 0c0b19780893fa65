package org.dbos4j.internal.sysdb;

import java.sql.Connection;
import java.sql.SQLException;
import org.dbos4j.internal.db.Statements;
import org.jspecify.annotations.Nullable;

/**
 * A write that is one statement whose only result is its update count. Written this way rather than
 * as code, {@link GroupCommit} can send the writes of a batch that share a statement (every step
 * checkpoint, every workflow start...) to the database as one JDBC batch: one round trip and one
 * prepared statement for all of them.
 *
 * @param result what the update count means to the caller
 * @param alone how to run the write by itself, if that differs from running the statement (a start
 *     that falls back to a re-start when the row exists); the statement must be the first thing
 *     {@code alone} tries, so that running just the statement in a batch is the same whenever it
 *     succeeds
 */
record BatchableUpdate<R>(
    String sql, Object[] args, UpdateCount<R> result, @Nullable SqlWork<R> alone)
    implements SqlWork<R> {

  /** A statement whose result is its update count. */
  static BatchableUpdate<Integer> of(String sql, Object... args) {
    return new BatchableUpdate<>(sql, args, count -> count, null);
  }

  /** The same statement, with another meaning of its count and its own way to run alone. */
  <T> BatchableUpdate<T> withResult(UpdateCount<T> meaning, SqlWork<T> aloneWork) {
    return new BatchableUpdate<>(sql, args, meaning, aloneWork);
  }

  @Override
  public R run(Connection c) throws SQLException {
    if (alone != null) {
      return alone.run(c);
    }
    return result.of(Statements.update(c, sql, args));
  }

  /** What an update count means. */
  @FunctionalInterface
  interface UpdateCount<R> {
    R of(int count) throws SQLException;
  }
}
