/**
 * Implementation of dbos4j (queue: enqueueing workflows and dispatching them). Not supported API:
 * it may change in any release.
 *
 * <ul>
 *   <li>{@code QueuedStarts}: an enqueue, checked against its queue, recorded ENQUEUED or DELAYED,
 *       and told to this process's dispatcher.
 *   <li>{@code QueueDispatcher}: the one thread per process that dequeues the workflows of every
 *       registered queue as their limits allow and starts them, woken by enqueues, freed slots and
 *       due delays, here or (through {@code QueueNotice}s) in other processes.
 * </ul>
 */
@NullMarked
package org.dbos4j.internal.queue;

import org.jspecify.annotations.NullMarked;
