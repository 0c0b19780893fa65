package org.dbos4j.examples.tour;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.dbos4j.DBOS;
import org.dbos4j.Transaction;

// tour:start ledger-impl
public class LedgerImpl implements Ledger {
  @Transaction
  @Override
  public void createTable() throws SQLException {
    try (Statement st = DBOS.sqlSession().createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS sales (order_id TEXT PRIMARY KEY, payment TEXT)");
    }
  }

  @Transaction // serializable; @Transaction(isolation = Isolation.READ_COMMITTED) to choose
  @Override
  public void record(String orderId, String payment) throws SQLException {
    Connection sql = DBOS.sqlSession(); // in the transaction, which dbos4j commits or rolls back
    try (PreparedStatement insert =
        sql.prepareStatement("INSERT INTO sales (order_id, payment) VALUES (?, ?)")) {
      insert.setString(1, orderId);
      insert.setString(2, payment);
      insert.executeUpdate();
    }
  }
}
// tour:end ledger-impl
