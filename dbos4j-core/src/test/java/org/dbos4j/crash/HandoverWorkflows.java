package org.dbos4j.crash;

/**
 * The workflow of the admin recovery test: step {@code a}, then step {@code b}, which waits for the
 * test's go file; each step appends {@code <workflow> <step> <pid>} to the runs file.
 */
public interface HandoverWorkflows {
  String run(String runsFile, String goFile);
}
