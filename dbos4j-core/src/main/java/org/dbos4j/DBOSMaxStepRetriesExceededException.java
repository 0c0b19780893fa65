package org.dbos4j;

import org.jspecify.annotations.Nullable;

/** A step failed on every attempt it was allowed; the last failure is the cause. */
public class DBOSMaxStepRetriesExceededException extends DBOSException {
  private static final long serialVersionUID = 1L;

  /** Used when the exception is rebuilt from its recorded message. */
  public DBOSMaxStepRetriesExceededException(String message) {
    super(message);
  }

  public DBOSMaxStepRetriesExceededException(
      String stepName, int attempts, @Nullable Throwable lastFailure) {
    super("Step '" + stepName + "' failed " + attempts + " times; giving up", lastFailure);
  }
}
