package org.dbos4j.internal.sysdb;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a dequeue took: the rows it set PENDING for this process, as they now stand, and, for a
 * queue with global limits, what the queue held just before.
 *
 * @param before the counts the limits were checked against; null for a queue without global limits
 * @param waitedForLock whether the dequeue waited for another process's dequeue of the same queue
 */
public record Dequeued(List<WorkflowRow> rows, @Nullable Counts before, boolean waitedForLock) {

  /**
   * The queue's (partition's) workflows just before the dequeue, over all processes.
   *
   * @param pending how many were PENDING
   * @param startedInWindow how many started within the rate limit's window ending now
   * @param oldestStartInWindow the earliest of those starts, or null if none
   */
  public record Counts(long pending, long startedInWindow, @Nullable Long oldestStartInWindow) {}
}
