package org.dbos4j.crash;

/** The workflows the identity crash test kills while they wait. */
public interface IdentityCrashWorkflows {
  /**
   * Writes what it sees of its caller in a step, waits for a message, writes what it sees again in
   * a second step, then starts {@link IdentityCrashChildren#audit} as its child and returns the
   * child's ID and result.
   */
  String handle(String logFile);
}
