package org.dbos4j.internal.execution;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.dbos4j.internal.time.CancelToken;
import org.jspecify.annotations.Nullable;

/**
 * The workflow executions under way in this process, by ID, so that a second start of a running
 * workflow (a retried call, recovery racing a caller) attaches to the execution instead of running
 * the body twice.
 */
final class RunningWorkflows {
  /** One execution: the function it runs, its eventual result, and the token that cancels it. */
  record Execution(String name, CompletableFuture<@Nullable Object> result, CancelToken cancel) {}

  private final ConcurrentMap<String, Execution> executions = new ConcurrentHashMap<>();

  /** Claims {@code workflowId}; returns the execution already holding it, or null if claimed. */
  @Nullable Execution claim(String workflowId, Execution execution) {
    return executions.putIfAbsent(workflowId, execution);
  }

  @Nullable Execution get(String workflowId) {
    return executions.get(workflowId);
  }

  void release(String workflowId, Execution execution) {
    executions.remove(workflowId, execution);
  }

  int size() {
    return executions.size();
  }
}
