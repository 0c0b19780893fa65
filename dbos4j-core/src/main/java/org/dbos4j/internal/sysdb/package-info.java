/**
 * Implementation of dbos4j (sysdb: the system database's schema, its migrations for PostgreSQL and
 * SQLite, one DAO per table group, and the group commit and outage retries its writes go through).
 * How to reach each database engine lives in {@code internal.db}. Not supported API: it may change
 * in any release.
 */
@NullMarked
package org.dbos4j.internal.sysdb;

import org.jspecify.annotations.NullMarked;
