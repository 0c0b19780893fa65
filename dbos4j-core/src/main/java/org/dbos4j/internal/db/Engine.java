package org.dbos4j.internal.db;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import org.dbos4j.DBOSException;
import org.dbos4j.Isolation;
import org.jspecify.annotations.Nullable;

/**
 * One database, named by its JDBC URL (its {@code toString()}, without any password), and what
 * differs between the engines that can hold it: how to reach, create, pool and drop it, and the few
 * pieces of SQL and error codes that are not portable. It knows nothing of the tables in it: the
 * system database (package {@code sysdb}) and the application database of {@code @Transaction}
 * functions each bring their own.
 *
 * <p>Statements written once for both engines name their tables {@code dbos.<table>}: on PostgreSQL
 * {@code dbos} is a schema, on SQLite the database file is attached under that name. Both take the
 * same upsert ({@code INSERT ... ON CONFLICT}), {@code RETURNING}, and the type names {@code TEXT},
 * {@code INTEGER} and {@code BIGINT}. The interface is sealed so that code which must write
 * different DDL for each engine can tell them apart.
 */
public sealed interface Engine permits PostgresEngine, SqliteEngine {

  /** The engine of the database at {@code url}. */
  static Engine of(String url) {
    if (url.startsWith(PostgresEngine.URL_PREFIX)) {
      return new PostgresEngine(url);
    }
    if (url.startsWith(SqliteEngine.URL_PREFIX)) {
      return new SqliteEngine(url);
    }
    throw new DBOSException(
        "Unsupported database URL "
            + DatabaseUrls.redact(url)
            + ": dbos4j supports jdbc:postgresql://host[:port]/database and jdbc:sqlite:<file>");
  }

  /**
   * Opens a connection for schema work, creating the database first if it does not exist. On SQLite
   * the connection already sees the file as {@code dbos}; on PostgreSQL the schema is made by
   * {@link #beginMigration}.
   */
  Connection connectCreatingDatabase(@Nullable String user, @Nullable String password)
      throws SQLException;

  /**
   * Opens a connection to the database as it is, creating nothing; null if the database (on SQLite,
   * the file) does not exist. On SQLite the connection sees the file as {@code dbos}.
   */
  @Nullable Connection connectIfExists(@Nullable String user, @Nullable String password)
      throws SQLException;

  /** Whether the {@code dbos} schema of the connection's database holds the table {@code table}. */
  boolean hasTable(Connection c, String table) throws SQLException;

  /**
   * The settings of a pool on the application database, where {@code @Transaction} methods run,
   * short of its size, name, timeouts and transaction defaults. Unlike {@link #poolConfig}, on
   * SQLite the file itself is the main database, so the application's SQL names its tables plainly.
   */
  HikariConfig applicationPoolConfig(@Nullable String user, @Nullable String password);

  /** The name of dbos4j's table {@code table} in SQL on an application database connection. */
  String applicationTable(String table);

  /**
   * A statement that gives the open transaction {@code isolation}, to run before any other; null if
   * every transaction of this engine meets it (SQLite's are all serializable).
   */
  @Nullable String isolationStatement(Isolation isolation);

  /**
   * Whether a statement string may end with {@code COMMIT}, committing its transaction in the
   * statement's own round trip (PostgreSQL). Otherwise {@link Connection#commit()} commits, which
   * costs no round trip on an embedded database.
   */
  boolean commitsInStatement();

  /**
   * Runs the one-statement write {@code sql} with {@code args} on {@code c}, a connection in
   * auto-commit mode, as a transaction whose commit does not wait for the disk, and returns its
   * update count: for a record that a durable one elsewhere makes redundant. A crash may lose it;
   * the next durable commit of the same database makes it durable too, as it flushes the log past
   * it. PostgreSQL commits it with {@code synchronous_commit} off, in one round trip; SQLite runs
   * it as any other write (its commits wait).
   */
  int updateUnflushed(Connection c, String sql, Object... args) throws SQLException;

  /** Drops the database and all its state, if it exists. */
  void drop(@Nullable String user, @Nullable String password) throws SQLException;

  /**
   * The pool's settings, short of its size, name and timeouts; its connections see the {@code dbos}
   * schema.
   */
  HikariConfig poolConfig(@Nullable String user, @Nullable String password);

  /**
   * Inside the open transaction of a schema migration: keeps other processes from migrating the
   * same database at the same time, and creates the {@code dbos} schema if the database has
   * schemas.
   */
  void beginMigration(Statement st) throws SQLException;

  /**
   * Runs a script of DDL statements, each ended by a semicolon at the end of a line (a trigger's
   * body ends with a line "END;").
   */
  void executeScript(Statement st, String script) throws SQLException;

  /** How many of {@code poolSize} connections may write at once. */
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

  /**
   * Whether {@code e} is the violation of the unique index {@code index} on {@code table}'s {@code
   * columns} (PostgreSQL names the index, SQLite the columns).
   */
  boolean isUniqueViolation(SQLException e, String index, String table, String... columns);

  /** Whether {@code e} is the violation of a foreign key. */
  boolean isForeignKeyViolation(SQLException e);

  /**
   * Whether {@code e} ended the transaction for a conflict with a concurrent one (a serialization
   * failure, a deadlock, a lock that stayed busy), so that running the transaction again may
   * succeed.
   */
  boolean isSerializationFailure(SQLException e);

  /**
   * A query that takes, inside the open transaction, an exclusive lock identified by the {@code
   * long} bound to both its parameters, held until the transaction ends, and answers one row whose
   * boolean says whether it had to wait for another transaction to release it. Null where the open
   * transaction is exclusive already: SQLite's, begun IMMEDIATE, hold the file's write lock.
   */
  @Nullable String exclusiveLockQuery();

  /**
   * What ends a {@code SELECT} whose rows are locked for the update that follows, skipping rows
   * other transactions have locked (PostgreSQL's {@code FOR UPDATE SKIP LOCKED}); empty where a
   * writing transaction is exclusive already (SQLite).
   */
  String forUpdateSkipLocked();

  /**
   * The scalar function of the largest of its arguments ({@code GREATEST}, SQLite's {@code max}).
   */
  String greatest();

  /** The scalar function of the smallest of its arguments ({@code LEAST}, SQLite's {@code min}). */
  String least();

  /**
   * A condition that {@code column} is one of the values {@code subquery} selects, which runs once:
   * as an {@code IN} subquery PostgreSQL may run it again for every row it checks, and a subquery
   * with a {@code LIMIT} and row locks would then lock and yield more rows each time.
   */
  String inSubquery(String column, String subquery);

  /** A condition that {@code column} is one of a list bound with {@link #bindList}. */
  String inList(String column);

  /** Binds the values of an {@link #inList} condition. */
  void bindList(PreparedStatement ps, int index, Collection<String> values) throws SQLException;

  /**
   * An SQL expression for the database server's current time in epoch milliseconds: the one clock
   * that every process sharing the database agrees on (used for process leases).
   */
  String epochMillisNow();
}
