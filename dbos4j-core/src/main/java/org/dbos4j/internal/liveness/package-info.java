/**
 * Implementation of dbos4j (liveness: which processes are alive). Not supported API: it may change
 * in any release.
 *
 * <ul>
 *   <li>{@code ProcessLease}: this process's lease in the system database, renewed while it lives;
 *       finding another process's lease expired starts the takeover of its pending workflows.
 * </ul>
 */
@NullMarked
package org.dbos4j.internal.liveness;

import org.jspecify.annotations.NullMarked;
