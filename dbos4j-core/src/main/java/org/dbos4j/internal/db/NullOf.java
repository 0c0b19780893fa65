package org.dbos4j.internal.db;

import java.sql.Types;

/**
 * A null of an SQL type other than text, to bind with {@link Statements}: {@code
 * Statements.update(c, sql, id, timeout == null ? NullOf.BIGINT : timeout)}. A plain Java {@code
 * null} binds as text, and PostgreSQL refuses text in a {@code BIGINT} or {@code INTEGER} column
 * ("column is of type bigint but expression is of type character varying"); SQLite takes either.
 */
public enum NullOf {
  BIGINT(Types.BIGINT),
  INTEGER(Types.INTEGER);

  /** The {@link Types} code that {@link java.sql.PreparedStatement#setNull} takes. */
  final int sqlType;

  NullOf(int sqlType) {
    this.sqlType = sqlType;
  }
}
