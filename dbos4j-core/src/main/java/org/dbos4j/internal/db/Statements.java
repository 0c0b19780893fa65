package org.dbos4j.internal.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** Running one prepared statement: binding its arguments by type, reading its rows or count. */
public final class Statements {
  private Statements() {}

  /** Runs {@code sql} with {@code args}; what {@code reader} reads from its rows. */
  public static <R> R query(Connection c, String sql, ResultReader<R> reader, Object... args)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, 1, args);
      try (ResultSet rs = ps.executeQuery()) {
        return reader.read(rs);
      }
    }
  }

  /** Runs the update {@code sql} with {@code args}; returns its update count. */
  public static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, 1, args);
      return ps.executeUpdate();
    }
  }

  /**
   * Binds {@code args} from parameter {@code first} on; returns the next parameter's index. A null
   * binds as text, the type of most nullable columns; a null of another type is a {@link NullOf}.
   */
  public static int bind(PreparedStatement ps, int first, Object... args) throws SQLException {
    int i = first;
    for (Object a : args) {
      if (a == null) {
        ps.setNull(i, Types.VARCHAR);
      } else if (a instanceof NullOf typed) {
        ps.setNull(i, typed.sqlType);
      } else if (a instanceof String s) {
        ps.setString(i, s);
      } else if (a instanceof Integer n) {
        ps.setInt(i, n);
      } else if (a instanceof Long n) {
        ps.setLong(i, n);
      } else if (a instanceof Boolean b) {
        ps.setBoolean(i, b);
      } else {
        throw new IllegalArgumentException("cannot bind a " + a.getClass().getName());
      }
      i++;
    }
    return i;
  }

  /** Reads a statement's rows. */
  @FunctionalInterface
  public interface ResultReader<R> {
    R read(ResultSet rs) throws SQLException;
  }
}
