package org.dbos4j.crash;

/** The workflow the crash test kills half-way. */
public interface CrashWorkflows {
  /** Runs {@code steps} steps; after step {@code pauseAfter} waits until the go file exists. */
  String appendSteps(String logFile, String goFile, int steps, int pauseAfter);

  /** Writes a line to the log, then waits in {@code recv} for up to {@code timeoutMillis}. */
  String awaitMessage(String logFile, long timeoutMillis);
}
