/**
 * Implementation of dbos4j (sysdb: the system database, its schema and DAOs). Not supported API: it
 * may change in any release.
 */
@NullMarked
package org.dbos4j.internal.sysdb;

import org.jspecify.annotations.NullMarked;
