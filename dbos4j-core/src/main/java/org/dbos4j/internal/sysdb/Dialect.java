package org.dbos4j.internal.sysdb;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import org.dbos4j.DBOSException;
import org.jspecify.annotations.Nullable;

/**
 * What differs between the databases that can hold the system database: how to reach, create,
 * migrate and drop it, and the few pieces of SQL that are not portable. The DAOs hold everything
 * else, once, for both.
 *
 * <p>Every statement names its tables {@code dbos.<table>}: on PostgreSQL {@code dbos} is the
 * schema, on SQLite the database file is attached under that name.
 */
sealed interface Dialect permits PostgresDialect, SqliteDialect {

  /** The dialect of a system database URL. */
  static Dialect of(String url) {
    if (url.startsWith(PostgresDialect.URL_PREFIX)) {
      return new PostgresDialect(url);
    }
    if (url.startsWith(SqliteDialect.URL_PREFIX)) {
      return new SqliteDialect(url);
    }
    throw new DBOSException(
        "Unsupported system database URL "
            + DatabaseUrls.redact(url)
            + ": dbos4j supports jdbc:postgresql://host[:port]/database and jdbc:sqlite:<file>");
  }

  /** Opens a connection for schema work, creating the database first if it does not exist. */
  Connection connectCreatingDatabase(@Nullable String user, @Nullable String password)
      throws SQLException;

  /** Drops the database and all its state, if it exists. */
  void drop(@Nullable String user, @Nullable String password) throws SQLException;

  /** The pool's settings, short of its size and name. */
  HikariConfig poolConfig(@Nullable String user, @Nullable String password);

  /** Migration {@code i} brings the schema to version {@code i + 1}. */
  List<String> migrations();

  /**
   * Inside the open migration transaction: keeps other processes from migrating at the same time,
   * and creates the {@code dbos} schema if the database has schemas.
   */
  void beginMigration(Statement st) throws SQLException;

  /** How many connections may write at once. */
  int writers(int poolSize);

  /**
   * Whether a statement of the connection's open transaction failed and the whole transaction can
   * only roll back (PostgreSQL); SQLite undoes just the failed statement.
   */
  boolean transactionFailed(Connection c);

  /**
   * Whether one statement may hold several writes as data-modifying common table expressions
   * (PostgreSQL). Otherwise the writes run one after another in the same transaction, which costs
   * no round trips on an embedded database.
   */
  boolean fusesWrites();

  /** Whether the database pushes notifications of new rows (PostgreSQL's LISTEN/NOTIFY). */
  boolean pushesNotifications();

  /**
   * SQL that is true when the row was inserted, rather than updated, by the enclosing {@code INSERT
   * ... ON CONFLICT DO UPDATE ... RETURNING}.
   */
  String insertedNotUpdated();

  /** Whether {@code e} is the violation of {@code table}'s primary key. */
  boolean isPrimaryKeyViolation(SQLException e, String table);

  /** Whether {@code e} is the violation of a foreign key. */
  boolean isForeignKeyViolation(SQLException e);

  /** A condition that {@code column} is one of a list bound with {@link #bindList}. */
  String inList(String column);

  /** Binds the values of an {@link #inList} condition. */
  void bindList(PreparedStatement ps, int index, Collection<String> values) throws SQLException;
}
