package org.dbos4j;

import org.dbos4j.internal.context.ContextScope;
import org.dbos4j.internal.context.WorkflowIds;
import org.jspecify.annotations.Nullable;

/**
 * Names the first workflow started inside the block; the ID is the workflow's idempotency key.
 * Blocks nest, and leaving a block restores the outer state.
 *
 * <pre>{@code
 * try (var id = new SetWorkflowID("order-42")) {
 *   orders.checkout("42");
 * }
 * }</pre>
 */
public final class SetWorkflowID implements AutoCloseable {
  private final ContextScope scope;
  private final @Nullable String outerId;

  /**
   * @throws IllegalArgumentException if {@code workflowId} is blank
   */
  public SetWorkflowID(String workflowId) {
    WorkflowIds.check(workflowId);
    this.scope = ContextScope.open();
    this.outerId = scope.context().nextWorkflowId();
    scope.context().setNextWorkflowId(workflowId);
  }

  @Override
  public void close() {
    scope.context().setNextWorkflowId(outerId);
    scope.close();
  }
}
