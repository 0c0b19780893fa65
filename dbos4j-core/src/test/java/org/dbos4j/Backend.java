package org.dbos4j;

/** A database that can hold the system database, as the tests reach it. */
public enum Backend {
  POSTGRES,
  SQLITE;

  /** How test reports name it. */
  String displayName() {
    return this == POSTGRES ? "PostgreSQL" : "SQLite";
  }
}
