/**
 * Implementation of dbos4j (appdb: the application database, where {@code @Transaction} methods
 * run; its connections, from a pool of dbos4j's own or the application's data source, the {@code
 * transaction_outputs} table that records each transaction's outcome inside the transaction itself,
 * and the guarded connection that {@code DBOS.sqlSession()} hands out). Not supported API: it may
 * change in any release.
 */
@NullMarked
package org.dbos4j.internal.appdb;

import org.jspecify.annotations.NullMarked;
