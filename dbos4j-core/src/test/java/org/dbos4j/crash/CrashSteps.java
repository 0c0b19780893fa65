package org.dbos4j.crash;

/** Steps with a visible side effect: each appends a line to a file. */
public interface CrashSteps {
  int append(String logFile, int step);
}
