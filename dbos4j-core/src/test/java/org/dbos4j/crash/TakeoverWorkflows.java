package org.dbos4j.crash;

/** The workflow of the takeover test: two steps, the second waiting for the test's go file. */
public interface TakeoverWorkflows {
  String run(String goFile);
}
