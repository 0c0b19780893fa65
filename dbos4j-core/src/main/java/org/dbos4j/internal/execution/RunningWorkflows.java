package org.dbos4j.internal.execution;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.dbos4j.internal.notify.CancellationNotices;
import org.dbos4j.internal.sysdb.QueuePartition;
import org.dbos4j.internal.time.CancelToken;
import org.jspecify.annotations.Nullable;

/**
 * The workflow executions under way in this process, by ID, so that a second start of a running
 * workflow (a retried call, recovery racing a caller) attaches to the execution instead of running
 * the body twice, and a handle on it waits in memory. Cancellations heard from the database reach
 * the executions through it. It also counts the executions of each queue partition, however they
 * started (dequeued or recovered), for the queues' worker concurrency.
 */
public final class RunningWorkflows implements CancellationNotices.Executions {
  private final ConcurrentMap<String, WorkflowExecution> executions = new ConcurrentHashMap<>();
  private final ConcurrentMap<QueuePartition, AtomicInteger> onQueues = new ConcurrentHashMap<>();
  private volatile Consumer<QueuePartition> queueSlotFreed = partition -> {};

  /** Claims {@code workflowId}; returns the execution already holding it, or null if claimed. */
  @Nullable WorkflowExecution claim(WorkflowExecution execution) {
    WorkflowExecution existing = executions.putIfAbsent(execution.workflowId(), execution);
    QueuePartition queue = execution.queue();
    if (existing == null && queue != null) {
      onQueues.computeIfAbsent(queue, q -> new AtomicInteger()).incrementAndGet();
    }
    return existing;
  }

  @Nullable WorkflowExecution get(String workflowId) {
    return executions.get(workflowId);
  }

  void release(WorkflowExecution execution) {
    QueuePartition queue = execution.queue();
    if (executions.remove(execution.workflowId(), execution) && queue != null) {
      onQueues.get(queue).decrementAndGet();
      queueSlotFreed.accept(queue);
    }
    execution.released().complete(null);
  }

  @Override
  public Map<String, CancelToken> running() {
    Map<String, CancelToken> tokens = new HashMap<>();
    executions.forEach((id, e) -> tokens.put(id, e.cancelToken()));
    return tokens;
  }

  @Override
  public @Nullable CancelToken running(String workflowId) {
    WorkflowExecution e = executions.get(workflowId);
    return e == null ? null : e.cancelToken();
  }

  /** How many executions of workflows of {@code queue} run in this process now. */
  public int runningOn(QueuePartition queue) {
    AtomicInteger n = onQueues.get(queue);
    return n == null ? 0 : n.get();
  }

  /** Tells {@code listener} of each execution of a queue's workflow that ends here. */
  public void onQueueSlotFreed(Consumer<QueuePartition> listener) {
    this.queueSlotFreed = listener;
  }

  /**
   * Cancels the execution of {@code workflowId} in this process, if one runs: its waits wake and
   * throw {@link org.dbos4j.DBOSWorkflowCancelledException}, and so does its next durable
   * operation. The workflow's state is not changed here.
   *
   * @return whether an execution was running here
   */
  public boolean cancel(String workflowId) {
    WorkflowExecution e = executions.get(workflowId);
    if (e == null) {
      return false;
    }
    e.cancelToken().cancel();
    return true;
  }
}
