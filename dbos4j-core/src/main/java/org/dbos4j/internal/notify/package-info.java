/**
 * Implementation of dbos4j (notify: wake-ups for recv, getEvent and results). Not supported API: it
 * may change in any release.
 *
 * <ul>
 *   <li>{@code WakeupSignals}: waiters by {@code WakeupKey}, parked until their key is fired; a
 *       waiting recv can be handed a message by a sender in this process.
 *   <li>{@code PostgresNotificationListener}: fires the keys of other processes' writes (LISTEN).
 *   <li>{@code FallbackPoller}: fires the keys whose notification was lost.
 *   <li>{@code CancellationNotices}: cancels the executions of workflows whose rows another writer
 *       set to CANCELLED (from a NOTIFY, or the fallback poll).
 * </ul>
 */
@NullMarked
package org.dbos4j.internal.notify;

import org.jspecify.annotations.NullMarked;
