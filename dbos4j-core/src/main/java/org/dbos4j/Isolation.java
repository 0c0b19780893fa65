package org.dbos4j;

/**
 * The isolation level of a {@link Transaction}. On PostgreSQL each is the server's level of that
 * name. SQLite runs every transaction serializable, which meets any of them.
 */
public enum Isolation {
  /**
   * The default: the transaction behaves as if it ran alone. A conflict with a concurrent
   * transaction (a serialization failure or a deadlock) rolls it back, and dbos4j runs it again.
   */
  SERIALIZABLE,
  /** Every statement sees the snapshot taken at the transaction's first statement. */
  REPEATABLE_READ,
  /** Every statement sees the rows committed before it started. */
  READ_COMMITTED
}
