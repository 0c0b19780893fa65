package org.dbos4j.internal.time;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.dbos4j.DBOSWorkflowCancelledException;

/**
 * The cancel token of one workflow execution: cancelling it wakes every wait of the execution at
 * once (its threads, including those of its async operations), and each then throws {@link
 * DBOSWorkflowCancelledException}.
 */
public final class CancelToken {
  private final String workflowId;
  private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelled;

  public CancelToken(String workflowId) {
    this.workflowId = workflowId;
  }

  /** Cancels the execution: its waits wake now, and its next ones end at once. */
  public void cancel() {
    cancelled = true;
    waiting.forEach(LockSupport::unpark);
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /**
   * @throws DBOSWorkflowCancelledException if the execution has been cancelled
   */
  public void throwIfCancelled() {
    if (cancelled) {
      throw new DBOSWorkflowCancelledException(workflowId);
    }
  }

  void enter(Thread thread) {
    waiting.add(thread);
  }

  void exit(Thread thread) {
    waiting.remove(thread);
  }
}
