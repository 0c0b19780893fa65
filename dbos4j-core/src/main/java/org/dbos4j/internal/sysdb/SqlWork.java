package org.dbos4j.internal.sysdb;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Statements run on one connection of the system database. A write must touch the database only
 * through {@code c} and keep no state of its own between runs: {@link GroupCommit} may run it
 * inside a transaction shared with other writes, and run it again, alone, if that transaction
 * fails.
 */
@FunctionalInterface
interface SqlWork<R> {
  R run(Connection c) throws SQLException;
}
