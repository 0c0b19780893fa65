package org.dbos4j.crash;

/** The child workflows of {@link IdentityCrashWorkflows}. */
public interface IdentityCrashChildren {
  /** Writes what it sees of its caller in a step, on a line of {@code parentId}. */
  String audit(String logFile, String parentId);
}
