/**
 * Implementation of dbos4j (context: the per-thread DBOS context). Not supported API: it may change
 * in any release.
 */
@NullMarked
package org.dbos4j.internal.context;

import org.jspecify.annotations.NullMarked;
