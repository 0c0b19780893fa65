/**
 * Implementation of dbos4j (management: listing workflows and their steps, forking and deleting
 * workflows, for the {@code DBOS} statics, {@code DBOSClient} and the admin server alike; and the
 * JSON operators read them in, from the admin API and the command line alike). It needs only the
 * system database, never a running executor, so that a process that runs no workflows can use it.
 * Not supported API: it may change in any release.
 */
@NullMarked
package org.dbos4j.internal.management;

import org.jspecify.annotations.NullMarked;
