package org.dbos4j.internal.sysdb;

import org.jspecify.annotations.Nullable;

/**
 * What a queue partition holds, as a look at the system database found it: ENQUEUED workflows ready
 * to be dequeued, or DELAYED ones, the first of which is due at {@code earliestDue}.
 */
public record QueueBacklog(
    QueuePartition partition, boolean enqueued, @Nullable Long earliestDue) {}
