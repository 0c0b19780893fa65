package org.dbos4j.internal.context;

import java.util.Objects;

/** The rule every user-supplied workflow ID must pass. */
public final class WorkflowIds {
  private WorkflowIds() {}

  /**
   * @throws NullPointerException if {@code id} is null
   * @throws IllegalArgumentException if {@code id} is blank
   */
  public static String check(String id) {
    Objects.requireNonNull(id, "workflowId");
    if (id.isBlank()) {
      throw new IllegalArgumentException("workflow ID must not be blank, got '" + id + "'");
    }
    return id;
  }
}
