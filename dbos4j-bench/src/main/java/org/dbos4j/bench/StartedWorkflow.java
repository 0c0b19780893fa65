package org.dbos4j.bench;

/** A workflow started in the background, over either library's handle type. */
interface StartedWorkflow {

  String workflowId();

  /** Waits for the workflow to finish and returns its result. */
  int result() throws Exception;
}
