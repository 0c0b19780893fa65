package org.dbos4j.internal.sysdb;

import org.jspecify.annotations.Nullable;

/**
 * Where an enqueued workflow goes: its queue and its place there, recorded with it.
 *
 * @param dueAt until when (epoch ms) it stays DELAYED before it is ENQUEUED; null for no delay
 * @param timeoutMillis how long it may run once dequeued, or null for no limit
 */
public record QueuePlacement(
    String queueName,
    int priority,
    @Nullable String deduplicationId,
    @Nullable String partitionKey,
    @Nullable Long dueAt,
    @Nullable Long timeoutMillis) {}
