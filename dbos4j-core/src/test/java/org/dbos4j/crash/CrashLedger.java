package org.dbos4j.crash;

import java.sql.SQLException;

/** Transactions whose rows show how often they committed, and a step with a visible effect. */
public interface CrashLedger {
  /** Creates the table of rows, if it does not exist. */
  void createTable() throws SQLException;

  /**
   * Writes {@code insert <key>} to the log, then inserts a row with {@code key} into a table with
   * no key: a row inserted twice would be there twice.
   */
  String insert(String logFile, String key) throws SQLException;

  /** A step: writes {@code noted <key>} to the log. */
  String note(String logFile, String key);
}
