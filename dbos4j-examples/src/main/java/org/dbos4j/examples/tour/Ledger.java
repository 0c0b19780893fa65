package org.dbos4j.examples.tour;

import java.sql.SQLException;

// tour:start ledger
public interface Ledger {
  void createTable() throws SQLException;

  void record(String orderId, String payment) throws SQLException;
}
// tour:end ledger
