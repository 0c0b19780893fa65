package org.dbos4j;

import java.util.concurrent.CompletableFuture;

/**
 * A reference to a workflow by its ID, valid in any process that uses the same system database.
 *
 * @param <R> the workflow's result type
 */
public interface WorkflowHandle<R extends @org.jspecify.annotations.Nullable Object> {
  /** The workflow's ID. */
  String workflowId();

  /**
   * Waits for the workflow to finish and returns its result; rethrows its exception (the same class
   * where it can be rebuilt, otherwise a {@link DBOSException} naming the original class).
   *
   * @throws DBOSAwaitedWorkflowCancelledException if the workflow was cancelled
   */
  R getResult();

  /** {@link #getResult()} without blocking the caller. */
  CompletableFuture<R> getResultAsync();

  /**
   * The workflow's current recorded status.
   *
   * @throws DBOSNonExistentWorkflowException if no workflow has this ID (yet)
   * @throws DBOSException naming the state if the row records a state this version of dbos4j does
   *     not know (written by a newer version or another tool)
   */
  WorkflowStatus getStatus();
}
