/**
 * Implementation of dbos4j (db: the database engines, PostgreSQL and SQLite, that hold the system
 * database and the application database; connecting, creating, pooling, and the SQL and errors that
 * differ between them). Not supported API: it may change in any release.
 */
@NullMarked
package org.dbos4j.internal.db;

import org.jspecify.annotations.NullMarked;
