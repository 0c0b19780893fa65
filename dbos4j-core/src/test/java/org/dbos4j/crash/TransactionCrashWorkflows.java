package org.dbos4j.crash;

import java.sql.SQLException;

/** The workflows the transaction crash tests kill. */
public interface TransactionCrashWorkflows {
  /**
   * Inserts row {@code key}, writes that the transaction returned, waits until {@code afterFile}
   * exists, then runs a step.
   */
  String insertOnce(String logFile, String key, String afterFile) throws SQLException;

  /** Inserts row {@code <id>/1}, runs a step, inserts row {@code <id>/2}. */
  String twoTransactions(String logFile, String workflowId) throws SQLException;
}
