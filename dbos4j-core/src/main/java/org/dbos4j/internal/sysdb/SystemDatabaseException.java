package org.dbos4j.internal.sysdb;

import org.dbos4j.DBOSException;

/**
 * The system database failed. A workflow that fails this way is left PENDING, to be recovered,
 * rather than recorded as failed: its outcome could not be recorded anyway.
 */
public final class SystemDatabaseException extends DBOSException {
  private static final long serialVersionUID = 1L;

  public SystemDatabaseException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether the database could not be reached (rather than refusing the statement): the workflow
   * can be resumed once it answers again.
   */
  public boolean outage() {
    Throwable cause = getCause();
    return cause != null && OutageRetry.isOutage(cause);
  }
}
