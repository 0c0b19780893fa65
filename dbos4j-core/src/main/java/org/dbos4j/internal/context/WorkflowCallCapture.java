package org.dbos4j.internal.context;

import org.dbos4j.internal.registry.RegisteredWorkflow;
import org.jspecify.annotations.Nullable;

/**
 * Receives the workflow call made inside a {@code startWorkflow} lambda instead of running it, so
 * that the call can be recorded first and run in the background.
 */
public final class WorkflowCallCapture {
  private @Nullable RegisteredWorkflow workflow;
  private Object @Nullable [] args;
  private int calls;

  public void capture(RegisteredWorkflow workflow, Object[] args) {
    this.workflow = workflow;
    this.args = args;
    calls++;
  }

  /** The captured workflow, or null if the lambda called none. */
  public @Nullable RegisteredWorkflow workflow() {
    return workflow;
  }

  public Object[] args() {
    return args == null ? new Object[0] : args;
  }

  /** How many workflow calls the lambda made; exactly one is valid. */
  public int calls() {
    return calls;
  }
}
