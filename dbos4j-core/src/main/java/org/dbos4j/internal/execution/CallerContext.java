package org.dbos4j.internal.execution;

import org.dbos4j.DBOSException;
import org.dbos4j.internal.context.DBOSContext;
import org.dbos4j.internal.context.WorkflowFrame;
import org.dbos4j.internal.time.CancelToken;
import org.jspecify.annotations.Nullable;

/** Where an operation is called from: a workflow body, one of its steps, or neither. */
record CallerContext(
    @Nullable WorkflowFrame workflow,
    @Nullable String stepName,
    int stepFunctionId,
    boolean inTransaction) {

  static CallerContext current() {
    DBOSContext ctx = DBOSContext.current();
    return ctx == null
        ? new CallerContext(null, null, 0, false)
        : new CallerContext(
            ctx.workflow(), ctx.stepName(), ctx.stepFunctionId(), ctx.sqlSession() != null);
  }

  /** The cancel token of the workflow execution the caller belongs to, or null outside one. */
  @Nullable CancelToken cancelToken() {
    return workflow == null ? null : workflow.cancelToken();
  }

  /** True in a workflow body, outside its steps: where operations are checkpointed. */
  boolean inWorkflowBody() {
    return workflow != null && stepName == null;
  }

  /**
   * The workflow, for an operation only a workflow body may call.
   *
   * @throws DBOSException naming {@code operation} elsewhere
   */
  WorkflowFrame requireWorkflowBody(String operation) {
    if (workflow == null) {
      throw new DBOSException(operation + " may only be called inside a workflow");
    }
    if (stepName != null) {
      throw new DBOSException(
          operation
              + " may not be called inside a step or transaction (here: "
              + DBOSContext.stepDescription(stepName, inTransaction)
              + ")");
    }
    return workflow;
  }
}
