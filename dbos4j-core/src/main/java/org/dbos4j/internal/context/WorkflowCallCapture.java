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
  private Identity identity = Identity.NONE;
  private int calls;

  /** Takes the call, and the identity it is made with (the role its check assumed, if any). */
  public void capture(RegisteredWorkflow workflow, Object[] args, Identity identity) {
    this.workflow = workflow;
    this.args = args;
    this.identity = identity;
    calls++;
  }

  /** The identity the captured call was made with. */
  public Identity identity() {
    return identity;
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
